// Matmuls with an f16 B (halfB: the f16 copy of a weight) on every variant this adapter runs, unsplit and split over
// k, on a device without shader-f16 (context.ts asks for none): B is read as packed pairs with core WGSL's
// unpack2x16float.
// Two references, both float64, C poisoned first (NaN never passes):
//   B rounded to f16: what the kernel reads; C within 1e-5 of it, as an f32 matmul: accumulation stays f32 (an f16
//     accumulator would be off by ~1e-3)
//   B as f32: the cost of storing B as f16. Each term a·b gets a relative error of at most u = 2^-11 (f16's unit
//     roundoff), independent across k, so the error of a sum of K terms grows as u·√K·|a|·|b|. Stated tolerance:
//     |C - C64| <= 2·u·√K·max|A|·max|B| (≈10 standard deviations for uniform inputs in [-1, 1)), and never more than
//     u·Σ|terms| (the worst case, every rounding in one direction) plus f32's 1e-5.
import { describe, expect, it } from 'vitest';
import { testContext, expectClose, compare } from '../gpu/testing';
import { roundToHalf } from '../util/half';
import type { MatmulShape } from './matmul';
import { kernelSelection } from './select';
import { describeHow, matmulInputs, matmulReference, runMatmul, splitHow, termScale, type MatmulHow } from './matmulTestUtil';

const U = 2 ** -11;
const COLD_COMPILE_MS = 600_000;
const shapes: [number, number, number][] = [[1, 1, 1], [17, 31, 9], [12, 20, 7], [13, 20, 8], [12, 21, 8], [9, 6, 10], [129, 257, 65], [64, 128, 344]];
const combos = [false, true].flatMap((transA) => [false, true].flatMap((transB) => [false, true].map((accumulate) => ({ transA, transB, accumulate }))));

const ctx = await testContext();
const selection = await kernelSelection(ctx);

/** Runs `s` with an f16 B and checks it against both references; returns the error against f32 B. */
async function check(how: MatmulHow, s: MatmulShape): Promise<number> {
  const x = matmulInputs(s);
  const what = `${describeHow(how)} f16 B ${JSON.stringify(s)}`;
  const got = await runMatmul({ ...s, halfB: true }, how, x);
  const rounded = { ...x, b: roundToHalf(x.b) };
  const exact = expectClose(got, matmulReference(s, x.a, rounded.b, x.start), s.accumulate ? Infinity : 1e-5, `${what} vs B rounded to f16`);
  expect(exact.maxAbs / termScale(s, rounded), `${what}: f32 accumulation`).toBeLessThan(1e-5);
  const full = compare(got, matmulReference(s, x.a, x.b, x.start));
  expect(full.nonFinite, what).toBe(0);
  const max = (v: Float32Array) => v.reduce((m, y) => Math.max(m, Math.abs(y)), 0);
  expect(full.maxAbs, `${what} vs f32 B: 2·u·√K·max|A|·max|B|`).toBeLessThanOrEqual(2 * U * Math.sqrt(s.K) * max(x.a) * max(x.b));
  expect(full.maxAbs / termScale(s, x), `${what} vs f32 B: the worst case u·Σ|terms|`).toBeLessThan(U + 1e-5);
  return full.maxAbs;
}

describe('matmul with an f16 B', () => {
  for (const variant of selection.available) {
    it(`${variant}: every transpose and accumulate, odd and aligned shapes`, async () => {
      let worst = 0;
      for (const [M, N, K] of shapes) for (const t of combos) worst = Math.max(worst, await check({ variant }, { M, N, K, ...t }));
      console.log(`matmul ${variant} f16 B: max |C - C64(f32 B)| = ${worst.toExponential(2)} over ${shapes.length * combos.length} shapes`);
    }, COLD_COMPILE_MS);
  }

  // 37 in chunks of 12, 12, 12, 1; 344 in 10 chunks of 32 and one of 24.
  it('split over k on every variant: every transpose and accumulate', async () => {
    for (const variant of selection.available) {
      for (const [[M, N, K], split] of [[[13, 21, 37], 4], [[64, 128, 344], 11]] as const) {
        for (const t of combos) await check(splitHow(variant, { M, N, K }, split), { M, N, K, ...t });
      }
    }
  }, COLD_COMPILE_MS);

  it('every unsplit variant gives bitwise the same C', async () => {
    for (const s of [{ M: 67, N: 36, K: 45, halfB: true }, { M: 40, N: 13, K: 130, transA: true, transB: true, accumulate: true, halfB: true }]) {
      const x = matmulInputs(s);
      const [first, ...rest] = await Promise.all(selection.available.map((variant) => runMatmul(s, { variant }, x)));
      for (const [i, got] of rest.entries()) {
        expect(got.filter((v, j) => !Object.is(v, first[j])).length, `${selection.available[i + 1]} vs ${selection.available[0]} ${JSON.stringify(s)}`).toBe(0);
      }
    }
  }, COLD_COMPILE_MS);
});
