// The shared seeded PRNG (src/util/random.ts).
import { describe, expect, it } from 'vitest';
import { createRng, rngFromState } from '../util/random';

describe('createRng', () => {
  it('replays the same stream from the same seed, another from another seed', () => {
    const a = createRng(42), b = createRng(42), c = createRng(43);
    const xa = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xa);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(xa);
  });

  it('next is in [0, 1) with mean ~1/2; int(n) covers [0, n) evenly', () => {
    const r = createRng(7), n = 20000;
    let sum = 0;
    const counts = new Array<number>(5).fill(0);
    for (let i = 0; i < n; i++) {
      const x = r.next();
      expect(x >= 0 && x < 1).toBe(true);
      sum += x;
      counts[r.int(5)]++;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01); // sd of the mean 0.002
    for (const k of counts) expect(Math.abs(k / n - 0.2)).toBeLessThan(0.015); // sd 0.0028
  });

  it('normal has mean ~0 and variance ~1, always finite', () => {
    const r = createRng(9), n = 20000;
    let s = 0, ss = 0;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      expect(Number.isFinite(x)).toBe(true);
      s += x;
      ss += x * x;
    }
    expect(Math.abs(s / n)).toBeLessThan(0.03); // sd 0.007
    expect(Math.abs(ss / n - 1)).toBeLessThan(0.05); // sd 0.01
  });

  it('continues a stream exactly from its saved state', () => {
    const a = createRng(7);
    for (let i = 0; i < 13; i++) a.next();
    const b = rngFromState(a.state());
    expect(Array.from({ length: 50 }, () => b.next())).toEqual(Array.from({ length: 50 }, () => a.next()));
  });

  it('rejects bad arguments', () => {
    expect(() => rngFromState(0.5)).toThrow();
    expect(() => createRng(NaN)).toThrow();
    expect(() => createRng(1).int(0)).toThrow();
    expect(() => createRng(1).int(2.5)).toThrow();
  });
});
