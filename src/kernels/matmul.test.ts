// Every matmul variant against a float64 reference: fresh random inputs, poisoned outputs, every transpose and
// accumulate combination, odd and aligned shapes.
import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { createMatmul, type MatmulShape } from './matmul';
import { kernelSelection, matmulVariantOverride, matmulVariants } from './select';

/** C[M,N] (+)= op(A)·op(B) in float64. */
function reference(s: MatmulShape, a: Float32Array, b: Float32Array, c0: Float32Array | null): Float64Array {
  const { M, N, K } = s;
  const out = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let acc = c0 ? c0[m * N + n] : 0;
      for (let k = 0; k < K; k++) {
        acc += a[s.transA ? k * M + m : m * K + k] * b[s.transB ? n * K + k : k * N + n];
      }
      out[m * N + n] = acc;
    }
  }
  return out;
}

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
/** Every shape compiles up to 8 pipelines; cold, on a busy 2-core lavapipe, that takes tens of seconds. */
const COLD_COMPILE_MS = 300_000;
const combos = [false, true].flatMap((transA) => [false, true].flatMap((transB) => [false, true].map((accumulate) => ({ transA, transB, accumulate }))));

async function check(variant: (typeof matmulVariants)[number], s: MatmulShape): Promise<void> {
  const ctx = await testContext();
  const kernel = await createMatmul(ctx, s, { variant });
  expect(kernel.variant).toBe(variant);
  const a = randomFloats(s.M * s.K), b = randomFloats(s.K * s.N);
  const start = s.accumulate ? randomFloats(s.M * s.N) : null;
  // A and B sit at 256-byte aligned offsets inside one buffer, as tensors of the flat parameter buffer do.
  const bOffset = Math.ceil(a.byteLength / 256) * 256;
  const ab = ctx.buffers.create('a|b', bOffset + b.byteLength);
  ctx.buffers.write(ab, a);
  ctx.buffers.write(ab, b, bOffset);
  const c = ctx.buffers.create('c', s.M * s.N * 4);
  if (start) ctx.buffers.write(c, start);
  else poisonBuffer(ctx, c);
  try {
    const rec = new Recorder(ctx);
    for (const d of kernel.bind({ buffer: ab, offset: 0, size: a.byteLength }, { buffer: ab, offset: bOffset, size: b.byteLength }, c)) rec.dispatch(d);
    rec.submit();
    const got = await readFloat32(ctx, c, 0, s.M * s.N);
    expectClose(got, reference(s, a, b, start), 1e-5, `${variant} ${JSON.stringify(s)}`);
  } finally {
    ctx.buffers.destroy(ab);
    ctx.buffers.destroy(c);
  }
}

const selection = await kernelSelection(await testContext());

describe('matmul', () => {
  it('selects a variant for this adapter', () => {
    expect(matmulVariants).toContain(selection.matmul);
    expect(selection.reason.length).toBeGreaterThan(0);
  });

  for (const variant of matmulVariants) {
    // subgroup8 runs only where the probe verified 8-wide subgroups (lavapipe); elsewhere it refuses to run.
    describe.skipIf(variant === 'subgroup8' && !selection.subgroup8)(variant, () => {
      for (const [M, N, K] of [...sizes, ...oddAlignments]) {
        it(`${M}×${N}×${K}, every transpose and accumulate`, async () => {
          for (const t of combos) await check(variant, { M, N, K, ...t });
        }, COLD_COMPILE_MS);
      }
    });
  }

  it('reads the MUTOR_MATMUL override', () => {
    const saved = process.env.MUTOR_MATMUL;
    try {
      process.env.MUTOR_MATMUL = 'tiled';
      expect(matmulVariantOverride()).toBe('tiled');
      process.env.MUTOR_MATMUL = 'fastest';
      expect(() => matmulVariantOverride()).toThrow(/expected one of tiled, subgroup8/);
    } finally {
      if (saved === undefined) delete process.env.MUTOR_MATMUL;
      else process.env.MUTOR_MATMUL = saved;
    }
  });

  it('rejects bindings too small for the shape', async () => {
    const ctx = await testContext();
    const kernel = await createMatmul(ctx, { M: 4, N: 4, K: 4 });
    const small = ctx.buffers.create('small', 32);
    try {
      expect(() => kernel.bind(small, small, small)).toThrow(/A: bound 8 elements, kernel needs 16/);
    } finally {
      ctx.buffers.destroy(small);
    }
  });
});
