// The float64 oracle of the matmul tests (matmul.test.ts, matmulBatch.test.ts, matmulHalf.test.ts, matmulSplit.test.ts)
// and the harnesses that run one matmul, or one batched matmul, on fresh inputs into a poisoned C.
import { expect } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { roundToHalf, toHalf } from '../util/half';
import { createMatmul, type MatmulConfig, type MatmulShape, type MatmulVariant } from './matmul';
import { defaultConfig, describeConfig } from './matmulProgram';

/** What runs a test's matmul: a variant at its default width, or a whole config. */
export type MatmulHow = { variant: MatmulVariant } | { config: MatmulConfig };

/** A variant at its default width for `s`, split over k into (at most) `split` chunks. */
export function splitHow(variant: MatmulVariant, s: MatmulShape, split: number): MatmulHow {
  return { config: { ...defaultConfig(variant, s), split } };
}

export function describeHow(how: MatmulHow): string {
  return 'variant' in how ? how.variant : describeConfig(how.config);
}

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
export async function runMatmul(s: MatmulShape, how: MatmulHow, { a, b, start }: MatmulInputs): Promise<Float32Array> {
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

/** Z matrices of `size` floats each (or one, shared), `stride` floats apart from `offset` floats into a buffer. */
interface Placed {
  values: Float32Array<ArrayBuffer>[];
  offset: number;
  stride: number;
}

/** Stride: the size rounded up to 64 floats (256-byte aligned offsets), plus 64 of gap. */
function place(count: number, size: number, offset: number, fill: (n: number) => Float32Array<ArrayBuffer>): Placed {
  return { values: Array.from({ length: count }, () => fill(size)), offset, stride: Math.ceil(size / 64) * 64 + 64 };
}

const endOf = (p: Placed) => p.offset + p.values.length * p.stride;

/** Runs a batched `s` (one A shared by every product with `shareA`) on fresh inputs, each operand's matrices at a
 * stride in one buffer with NaN in the gaps between them, C poisoned first, and checks every C against the float64
 * reference (an f16 B holds values f16 represents) and every gap after a C still NaN. */
export async function runBatched(how: MatmulHow, s: MatmulShape, shareA: boolean): Promise<void> {
  const ctx = await testContext();
  const Z = s.batch!, { M, N, K } = s;
  const a = place(shareA ? 1 : Z, M * K, 0, randomFloats);
  // An f16 B holds values f16 represents: the reference then sees what the kernel reads.
  const b = place(Z, K * N, endOf(a), (n) => (s.halfB ? roundToHalf(randomFloats(n)) : randomFloats(n)));
  const cs = s.sum ? 1 : Z;
  const start = s.accumulate ? Array.from({ length: cs }, () => randomFloats(M * N)) : null;
  const c = place(cs, M * N, 0, (n) => new Float32Array(n));
  const ab = ctx.buffers.create('a|b', endOf(b) * 4);
  const cBuf = ctx.buffers.create('c', endOf(c) * 4);
  poisonBuffer(ctx, ab); // the gaps between matrices stay NaN: a kernel reading past its matrix fails
  poisonBuffer(ctx, cBuf);
  for (const p of [a, b]) p.values.forEach((v, z) => ctx.buffers.write(ab, p === b && s.halfB ? toHalf(v) : v, (p.offset + z * p.stride) * 4));
  start?.forEach((v, z) => ctx.buffers.write(cBuf, v, z * c.stride * 4));
  const ranges = (buffer: GPUBuffer, p: Placed, bytes: number) => p.values.map((_, z) => ({ buffer, offset: (p.offset + z * p.stride) * 4, size: bytes }));
  const what = describeHow(how);
  try {
    const kernel = await createMatmul(ctx, s, how);
    const rec = new Recorder(ctx);
    for (const d of kernel.bind(ranges(ab, a, M * K * 4), ranges(ab, b, K * N * (s.halfB ? 2 : 4)), ranges(cBuf, c, M * N * 4))) rec.dispatch(d);
    rec.submit();
    const got = await readFloat32(ctx, cBuf, 0, endOf(c));
    for (let z = 0; z < cs; z++) {
      const want = new Float64Array(M * N);
      for (let p = 0; p < (s.sum ? Z : 1); p++) {
        const at = s.sum ? p : z;
        const one = matmulReference({ M, N, K, transA: s.transA, transB: s.transB }, a.values[shareA ? 0 : at], b.values[at], null);
        for (let i = 0; i < want.length; i++) want[i] += one[i];
      }
      if (start) for (let i = 0; i < want.length; i++) want[i] += start[z][i];
      expectClose(got.subarray(z * c.stride, z * c.stride + M * N), want, 1e-4, `${what} ${JSON.stringify(s)} product ${z}`);
      // The gap after each C stays poisoned: nothing was written past its matrix.
      expect(Number.isNaN(got[z * c.stride + M * N]), `${what} wrote past C[${z}]`).toBe(true);
    }
  } finally {
    ctx.buffers.destroy(ab);
    ctx.buffers.destroy(cBuf);
  }
}
