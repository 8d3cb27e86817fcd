// Small seeded PRNG shared by parameter init, tasks and data generation (anything that must replay from a seed).
// mulberry32: 32-bit state, period 2^32, good enough for init and synthetic data; not for cryptography.

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n) for a positive integer n. */
  int(n: number): number;
  /** Standard normal N(0, 1) (Box-Muller, one draw per call: two uniforms consumed). */
  normal(): number;
  /** The 32-bit state: rngFromState(state()) continues this stream exactly (checkpoints). */
  state(): number;
}

export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new Error(`createRng: seed must be a finite number, got ${seed}`);
  // Fold the seed (possibly > 2^32 or fractional) into 32 bits so nearby seeds still give unrelated streams.
  return rngFromState(Math.floor(seed) ^ Math.floor(seed / 4294967296));
}

/** The stream a state() call saved, continued from where it was. */
export function rngFromState(saved: number): Rng {
  if (!Number.isInteger(saved)) throw new Error(`rngFromState: the state must be an integer, got ${saved}`);
  let state = saved | 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int(n: number): number {
      if (!Number.isInteger(n) || n <= 0) throw new Error(`rng.int: n must be a positive integer, got ${n}`);
      return Math.floor(next() * n);
    },
    normal(): number {
      const u1 = 1 - next(); // (0, 1]: log is finite
      const u2 = next();
      return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    },
    state: () => state,
  };
}
