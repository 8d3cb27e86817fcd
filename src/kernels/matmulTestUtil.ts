// The float64 oracle of the matmul tests (matmul.test.ts, matmulBatch.test.ts, matmulHalf.test.ts) and the harness
// that runs one matmul on fresh inputs into a poisoned C.
import { expect } from 'vitest';
import { testContext, poisonBuffer, randomFloats } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { toHalf } from '../util/half';
import { createMatmul, type MatmulConfig, type MatmulShape, type MatmulVariant } from './matmul';

/** C[M,N] (+)= op(A)·op(B) in float64. */
export function matmulReference(s: MatmulShape, a: Float32Array, b: Float32Array, c0: Float32Array | null): Float64Array {
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

export interface MatmulInputs {
  a: Float32Array<ArrayBuffer>;
  b: Float32Array<ArrayBuffer>;
  start: Float32Array<ArrayBuffer> | null;
}

/** Fresh random A, B in [-1, 1), and C's start values when the shape accumulates. */
export function matmulInputs(s: MatmulShape): MatmulInputs {
  return { a: randomFloats(s.M * s.K), b: randomFloats(s.K * s.N), start: s.accumulate ? randomFloats(s.M * s.N) : null };
}

/** C computed on the GPU by `config` (or the variant at its default width); an f16 B (halfB) is uploaded rounded
 * to f16. C starts poisoned unless the shape accumulates. */
export async function runMatmul(s: MatmulShape, how: { variant: MatmulVariant } | { config: MatmulConfig }, { a, b, start }: MatmulInputs): Promise<Float32Array> {
  const ctx = await testContext();
  const kernel = await createMatmul(ctx, s, how);
  expect(kernel.variant).toBe('variant' in how ? how.variant : how.config.variant);
  // A and B sit at 256-byte aligned offsets inside one buffer, as tensors of the flat parameter buffer do.
  const bData = s.halfB ? toHalf(b) : b;
  const bOffset = Math.ceil(a.byteLength / 256) * 256;
  const ab = ctx.buffers.create('a|b', bOffset + bData.byteLength);
  ctx.buffers.write(ab, a);
  ctx.buffers.write(ab, bData, bOffset);
  const c = ctx.buffers.create('c', s.M * s.N * 4);
  if (start) ctx.buffers.write(c, start);
  else poisonBuffer(ctx, c);
  try {
    const rec = new Recorder(ctx);
    for (const d of kernel.bind({ buffer: ab, offset: 0, size: a.byteLength }, { buffer: ab, offset: bOffset, size: bData.byteLength }, c)) rec.dispatch(d);
    rec.submit();
    return await readFloat32(ctx, c, 0, s.M * s.N);
  } finally {
    ctx.buffers.destroy(ab);
    ctx.buffers.destroy(c);
  }
}

/** Rounding error scales with the terms summed, not with the result: with accumulate, C + A·B can cancel to almost
 * nothing (1×1×1 gave |C| = 4e-4 from terms near 1). The largest Σ|terms| of an output is the error's scale. */
export function termScale(s: MatmulShape, { a, b, start }: MatmulInputs): number {
  const abs = (v: Float32Array<ArrayBuffer>) => v.map(Math.abs);
  return matmulReference(s, abs(a), abs(b), start && abs(start)).reduce((m, v) => Math.max(m, v), 0);
}
