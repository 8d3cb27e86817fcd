// Small seeded sampling helpers on top of the shared Rng.
import type { Rng } from '../util/random';

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[rng.int(items.length)];
}

/** Uniform integer in [lo, hi]. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/** A shuffled copy (Fisher-Yates). */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** `length` characters drawn independently from `alphabet`. */
export function randomString(rng: Rng, alphabet: string, length: number): string {
  return Array.from({ length }, () => pick(rng, [...alphabet])).join('');
}
