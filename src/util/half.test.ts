import { describe, expect, it } from 'vitest';
import { halfBits, halfValue, roundToHalf, toHalf } from './half';

describe('half', () => {
  it('encodes known values, ties to even, overflow, subnormals and NaN', () => {
    const cases: [number, number][] = [
      [1, 0x3c00], [-2, 0xc000], [0, 0], [65504, 0x7bff], [65520, 0x7c00], [-Infinity, 0xfc00],
      [1 + 2 ** -11, 0x3c00], [1 + 3 * 2 ** -11, 0x3c02], [2 ** -24, 0x0001], [2 ** -25, 0], [1.5 * 2 ** -25, 0x0001], [2 ** -14, 0x0400],
    ];
    for (const [x, h] of cases) expect(halfBits(x), `${x}`).toBe(h);
    expect(Number.isNaN(halfValue(halfBits(NaN)))).toBe(true);
  });

  it('round-trips every finite f16 and rounds within half an ulp', () => {
    for (let h = 0; h < 0x10000; h++) if (((h >>> 10) & 0x1f) !== 31) expect(halfBits(halfValue(h))).toBe(h === 0x8000 ? 0x8000 : h);
    const x = Float32Array.from({ length: 1000 }, () => Math.random() * 2 - 1);
    roundToHalf(x).forEach((r, i) => expect(Math.abs(r - x[i])).toBeLessThanOrEqual(Math.max(Math.abs(x[i]) * 2 ** -11, 2 ** -25)));
    expect(toHalf([1, 2, 3]).length).toBe(4);
  });
});
