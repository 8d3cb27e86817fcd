// Every matmul variant this adapter runs against a float64 reference: fresh random inputs, poisoned outputs, every
// transpose and accumulate combination, odd and aligned shapes, unsplit and split over k; the unsplit variants against
// each other, bit for bit (the autotune may pick any of them, and a run must not depend on which).
import { describe, expect, it } from 'vitest';
import { testContext, expectClose } from '../gpu/testing';
import { createMatmul, type MatmulShape } from './matmul';
import { clusterOf, type RegisterMember } from './matmulRegisters';
import { kernelSelection, matmulVariantOverride, matmulVariants } from './select';
import { describeHow, matmulInputs as inputs, matmulReference as reference, runMatmul as run, splitHow, termScale, type MatmulHow } from './matmulTestUtil';

const sizes: [number, number, number][] = [
  [1, 1, 1],
  [17, 31, 9],
  [64, 64, 64],
  [129, 257, 65],
  [2048, 64, 256],
  [37, 64, 2048], // an embedding gradient: dE[V,C] += dLogitsᵀ·x with vocab 37
];
/** Each of M, N, K a multiple of 4 or not: the subgroup kernel's vec4 and scalar load paths and its k tail. */
const oddAlignments: [number, number, number][] = [[12, 20, 7], [13, 20, 8], [12, 21, 8], [9, 6, 10], [8, 3, 5]];
/** Every shape compiles up to 8 pipelines: cold, on a busy 2-core lavapipe, tens of seconds; the tiled kernel on
 * SwiftShader compiles for 10 s and more per structure under load (over 300 s for the first shape, seen). */
const COLD_COMPILE_MS = 600_000;
const combos = [false, true].flatMap((transA) => [false, true].flatMap((transB) => [false, true].map((accumulate) => ({ transA, transB, accumulate }))));
/** Split over k: [M, N, K] and the split. 37 in 4 chunks (12, 12, 12, 1: the last one only a tail); 72 in 9 of 8
 * (vec4 paths; a split of 16 gives chunks of 4.5, rounded up to 8); 5 in 2 (4, 1: fewer chunks than asked). */
const splitCases: [[number, number, number], number][] = [[[13, 21, 37], 4], [[12, 20, 72], 16], [[9, 6, 5], 16]];

async function check(how: MatmulHow, s: MatmulShape): Promise<void> {
  const x = inputs(s);
  const what = `${describeHow(how)} ${JSON.stringify(s)}`;
  const c = expectClose(await run(s, how, x), reference(s, x.a, x.b, x.start), s.accumulate ? Infinity : 1e-5, what);
  expect(c.maxAbs / termScale(s, x), `${what}: error relative to the terms' magnitude`).toBeLessThan(1e-5);
}

const selection = await kernelSelection(await testContext());
const registerVariants = selection.available.filter((v) => v !== 'tiled');

describe('matmul', () => {
  it('lists the variants this adapter runs: the portable two everywhere, subgroup ones as the probe allows', () => {
    expect(selection.available.slice(0, 2)).toEqual(['tiled', 'registers']);
    expect(selection.reason.length).toBeGreaterThan(0);
    if (selection.subgroupSize === 8) expect(selection.available).toEqual(['tiled', 'registers', 'quad', 'subgroup8', 'shuffle8']); // lavapipe
    if (selection.subgroupSize === 4) expect(selection.available).toEqual(['tiled', 'registers', 'quad']); // SwiftShader
  });

  for (const variant of matmulVariants) {
    // A variant runs only where the probe verified what it relies on; elsewhere it refuses to run.
    describe.skipIf(!selection.available.includes(variant))(variant, () => {
      for (const [M, N, K] of [...sizes, ...oddAlignments]) {
        it(`${M}×${N}×${K}, every transpose and accumulate`, async () => {
          for (const t of combos) await check({ variant }, { M, N, K, ...t });
        }, COLD_COMPILE_MS);
      }
    });
  }

  it('every register variant at every workgroup width, on odd shapes', async () => {
    for (const variant of registerVariants) {
      for (const wx of [8, 16, 32, 64]) {
        if (wx % clusterOf[variant as RegisterMember] !== 0) continue;
        for (const s of [{ M: 29, N: 150, K: 19, transB: true }, { M: 70, N: 9, K: 33, transA: true, accumulate: true }]) {
          const x = inputs(s);
          expectClose(await run(s, { config: { variant, wx } }, x), reference(s, x.a, x.b, x.start), 1e-5, `${variant}/${wx} ${JSON.stringify(s)}`);
        }
      }
    }
  }, COLD_COMPILE_MS);

  it('split over k on every variant: odd sizes, every transpose and accumulate', async () => {
    for (const variant of selection.available) {
      for (const [[M, N, K], split] of splitCases) for (const t of combos) await check(splitHow(variant, { M, N, K }, split), { M, N, K, ...t });
    }
  }, COLD_COMPILE_MS);

  it('every unsplit variant gives bitwise the same C', async () => {
    for (const s of [{ M: 67, N: 36, K: 45 }, { M: 40, N: 13, K: 130, transA: true, transB: true, accumulate: true }]) {
      const x = inputs(s);
      const [first, ...rest] = await Promise.all(selection.available.map((variant) => run(s, { variant }, x)));
      for (const [i, got] of rest.entries()) {
        const differing = got.filter((v, j) => !Object.is(v, first[j])).length;
        expect(differing, `${selection.available[i + 1]} vs ${selection.available[0]} ${JSON.stringify(s)}`).toBe(0);
      }
    }
  }, COLD_COMPILE_MS);

  it('reads the MUTOR_MATMUL override', () => {
    const saved = process.env.MUTOR_MATMUL;
    try {
      process.env.MUTOR_MATMUL = 'tiled';
      expect(matmulVariantOverride()).toBe('tiled');
      process.env.MUTOR_MATMUL = 'fastest';
      expect(() => matmulVariantOverride()).toThrow(/expected one of tiled, registers, quad, subgroup8, shuffle8/);
    } finally {
      if (saved === undefined) delete process.env.MUTOR_MATMUL;
      else process.env.MUTOR_MATMUL = saved;
    }
  });

  it('rejects bindings too small for the shape', async () => {
    const ctx = await testContext();
    const kernel = await createMatmul(ctx, { M: 4, N: 4, K: 4 }, { variant: 'registers' });
    const small = ctx.buffers.create('small', 32);
    try {
      expect(() => kernel.bind(small, small, small)).toThrow(/A: bound 8 elements, kernel needs 16/);
    } finally {
      ctx.buffers.destroy(small);
    }
  });
});
