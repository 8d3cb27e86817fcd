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

/** Where a test's grouped operand sits: G groups of Z matrices of `size` floats each (or fewer, shared), `stride`
 * floats apart from `offset` floats into a buffer, group-major (group g's matrices side by side: a head's q, k, v
 * weights) or product-major (the groups' matrices of one product side by side). */
interface Placed {
  /** values[g][z]. */
  values: Float32Array<ArrayBuffer>[][];
  /** Float offset of matrix (g, z). */
  at(g: number, z: number): number;
  end: number;
}

/** Stride: the size rounded up to 64 floats (256-byte aligned offsets), plus 64 of gap. */
function place(groups: number, count: number, size: number, offset: number, groupMajor: boolean, fill: (n: number) => Float32Array<ArrayBuffer>): Placed {
  const stride = Math.ceil(size / 64) * 64 + 64;
  const values = Array.from({ length: groups }, () => Array.from({ length: count }, () => fill(size)));
  const at = (g: number, z: number) => offset + (groupMajor ? g * count + z : z * groups + g) * stride;
  return { values, at, end: offset + groups * count * stride };
}

/** How a grouped test's A is shared: one per product, one per group (q, k, v from one input), one for everything. */
export type ShareA = 'none' | 'group' | 'all';

/** Runs a batched and/or grouped `s` on fresh inputs, each operand's matrices at strides in one buffer with NaN in
 * the gaps between them, C poisoned first, and checks every C against the float64 reference (an f16 B holds values
 * f16 represents) and every gap after a C still NaN. */
export async function runGrouped(how: MatmulHow, s: MatmulShape, shareA: ShareA, groupMajor = true): Promise<void> {
  const ctx = await testContext();
  const Z = s.batch ?? 1, G = s.groups ?? 1, { M, N, K } = s;
  const a = place(shareA === 'all' ? 1 : G, shareA === 'none' ? Z : 1, M * K, 0, groupMajor, randomFloats);
  // An f16 B holds values f16 represents: the reference then sees what the kernel reads.
  const b = place(G, Z, K * N, a.end, groupMajor, (n) => (s.halfB ? roundToHalf(randomFloats(n)) : randomFloats(n)));
  const cs = s.sum ? 1 : Z;
  const c = place(G, cs, M * N, 0, groupMajor, (n) => (s.accumulate ? randomFloats(n) : new Float32Array(n)));
  const ab = ctx.buffers.create('a|b', b.end * 4);
  const cBuf = ctx.buffers.create('c', c.end * 4);
  poisonBuffer(ctx, ab); // the gaps between matrices stay NaN: a kernel reading past its matrix fails
  poisonBuffer(ctx, cBuf);
  const write = (buffer: GPUBuffer, p: Placed, half: boolean) => p.values.forEach((vs, g) => vs.forEach((v, z) => ctx.buffers.write(buffer, half ? toHalf(v) : v, p.at(g, z) * 4)));
  write(ab, a, false);
  write(ab, b, !!s.halfB);
  if (s.accumulate) write(cBuf, c, false);
  // The operand as a kernel takes it: per product (ungrouped), or per group, each one matrix or one per product.
  const operand = (buffer: GPUBuffer, p: Placed, bytes: number) => {
    const range = (g: number, z: number) => ({ buffer, offset: p.at(g, z) * 4, size: bytes });
    const entry = (g: number) => p.values[g].map((_, z) => range(g, z));
    if (G === 1) return entry(0);
    return p.values.length === 1 ? range(0, 0) : p.values.map((vs, g) => (vs.length === 1 ? range(g, 0) : entry(g)));
  };
  const what = `${describeHow(how)} ${JSON.stringify(s)} A shared: ${shareA}${groupMajor ? '' : ', product-major'}`;
  try {
    const kernel = await createMatmul(ctx, s, how);
    const rec = new Recorder(ctx);
    for (const d of kernel.bind(operand(ab, a, M * K * 4), operand(ab, b, K * N * (s.halfB ? 2 : 4)), operand(cBuf, c, M * N * 4))) rec.dispatch(d);
    rec.submit();
    const got = await readFloat32(ctx, cBuf, 0, c.end);
    for (let g = 0; g < G; g++) {
      for (let z = 0; z < cs; z++) {
        const want = new Float64Array(M * N);
        for (let p = 0; p < (s.sum ? Z : 1); p++) {
          const at = s.sum ? p : z;
          const aOf = shareA === 'all' ? a.values[0][0] : a.values[g][shareA === 'group' ? 0 : at];
          const one = matmulReference({ M, N, K, transA: s.transA, transB: s.transB }, aOf, b.values[g][at], null);
          for (let i = 0; i < want.length; i++) want[i] += one[i];
        }
        if (s.accumulate) for (let i = 0; i < want.length; i++) want[i] += c.values[g][z][i];
        const from = c.at(g, z);
        expectClose(got.subarray(from, from + M * N), want, 1e-4, `${what} group ${g} product ${z}`);
        // The gap after each C stays poisoned: nothing was written past its matrix.
        expect(Number.isNaN(got[from + M * N]), `${what} wrote past C[${g}, ${z}]`).toBe(true);
      }
    }
  } finally {
    ctx.buffers.destroy(ab);
    ctx.buffers.destroy(cBuf);
  }
}

/** runGrouped of an ungrouped batch: one A per product, or (shareA) one shared by every product. */
export function runBatched(how: MatmulHow, s: MatmulShape, shareA: boolean): Promise<void> {
  return runGrouped(how, s, shareA ? 'group' : 'none');
}
