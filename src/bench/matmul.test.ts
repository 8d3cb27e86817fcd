import { describe, expect, it } from 'vitest';
import { timeSquares } from './matmul';
import type { ProducedRow } from './row';

/** The sizes timeSquares times when each product of size n takes msOf(n) milliseconds. */
async function squares(msOf: (n: number) => number, first = 256, always = 1024): Promise<number[]> {
  const sizes: number[] = [];
  await timeSquares(first, always, async (n) => {
    sizes.push(n);
    return { medianMs: msOf(n) } as ProducedRow;
  });
  return sizes;
}

describe('timeSquares', () => {
  it('keeps 256-1024 on a CPU rasterizer (lavapipe: 1024³ in about 100 ms) and stops there', async () => {
    expect(await squares((n) => (2 * n ** 3) / 20e6)).toEqual([256, 512, 1024]);
    expect(await squares((n) => (2 * n ** 3) / 20e6, 512, 512)).toEqual([512]);
  });
  it('grows to 4096 on a GPU that does 1024³ in well under 10 ms, and no further', async () => {
    expect(await squares((n) => (2 * n ** 3) / 10e9)).toEqual([256, 512, 1024, 2048, 4096]);
    expect(await squares((n) => (2 * n ** 3) / 10e9, 512, 512)).toEqual([512, 1024, 2048, 4096]);
  });
  it('stops at the first size that takes 10 ms or more', async () => {
    expect(await squares((n) => (2 * n ** 3) / 1e9)).toEqual([256, 512, 1024, 2048]);
  });
});
