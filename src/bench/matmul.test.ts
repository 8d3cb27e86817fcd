import { describe, expect, it } from 'vitest';
import { timeNextSquare } from './matmul';

/** The sizes a bench run times when each product of size n takes msOf(n) milliseconds. */
function squares(msOf: (n: number) => number, first = 256, always = 1024): number[] {
  const sizes: number[] = [];
  for (let n = first, ms = 0; n === first || timeNextSquare(n / 2, ms, always); n *= 2) {
    sizes.push(n);
    ms = msOf(n);
  }
  return sizes;
}

describe('timeNextSquare', () => {
  it('keeps 256-1024 on a CPU rasterizer (lavapipe: 1024³ in about 100 ms) and stops there', () => {
    expect(squares((n) => (2 * n ** 3) / 20e6)).toEqual([256, 512, 1024]);
    expect(squares((n) => (2 * n ** 3) / 20e6, 512, 512)).toEqual([512]);
  });
  it('grows to 4096 on a GPU that does 1024³ in well under 10 ms, and no further', () => {
    expect(squares((n) => (2 * n ** 3) / 10e9)).toEqual([256, 512, 1024, 2048, 4096]);
    expect(squares((n) => (2 * n ** 3) / 10e9, 512, 512)).toEqual([512, 1024, 2048, 4096]);
  });
  it('stops at the first size that takes 10 ms or more', () => {
    expect(squares((n) => (2 * n ** 3) / 1e9)).toEqual([256, 512, 1024, 2048]);
  });
});
