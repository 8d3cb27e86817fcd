// Batched matmuls (several products in one dispatch: q, k and v from one input, gate and up, their input gradients
// summed) on every variant this adapter runs, against the float64 reference: fresh random inputs of odd sizes, each
// operand's matrices at a stride in one buffer with NaN in the gaps between them, outputs poisoned first; with an f16
// B (halfB) against the reference of B rounded to f16.
import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { createMatmul, type MatmulShape } from './matmul';
import { kernelSelection, type MatmulVariant } from './select';
import { matmulReference } from './matmulTestUtil';
import { roundToHalf, toHalf } from '../util/half';

const COLD_COMPILE_MS = 600_000;

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

async function runBatched(variant: MatmulVariant, s: MatmulShape, shareA: boolean): Promise<void> {
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
  try {
    const kernel = await createMatmul(ctx, s, { variant });
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
      expectClose(got.subarray(z * c.stride, z * c.stride + M * N), want, 1e-4, `${variant} ${JSON.stringify(s)} product ${z}`);
      // The gap after each C stays poisoned: nothing was written past its matrix.
      expect(Number.isNaN(got[z * c.stride + M * N]), `${variant} wrote past C[${z}]`).toBe(true);
    }
  } finally {
    ctx.buffers.destroy(ab);
    ctx.buffers.destroy(cBuf);
  }
}

const ctx0 = await testContext();
const selection = await kernelSelection(ctx0);

describe('batched matmul', () => {
  for (const variant of selection.available) {
    it(`${variant}: products side by side, a shared input, and a sum, on odd shapes`, async () => {
      await runBatched(variant, { M: 13, N: 20, K: 7, batch: 3 }, false); // q, k, v: one C per product
      await runBatched(variant, { M: 29, N: 9, K: 33, transA: true, accumulate: true, batch: 2 }, true); // dW_z += xᵀ·dY_z
      await runBatched(variant, { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true }, false); // dx += Σ dY_z·W_zᵀ
      await runBatched(variant, { M: 9, N: 31, K: 16, transB: true, batch: 2, sum: true }, false);
    }, COLD_COMPILE_MS);
  }

  it('f16 B on every variant: q/k/v and gate/up, the summed input gradients', async () => {
    for (const variant of selection.available) {
      await runBatched(variant, { M: 13, N: 20, K: 7, batch: 3, halfB: true }, true); // q, k, v = x·W_z
      await runBatched(variant, { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true, halfB: true }, false); // dx += Σ dY_z·W_zᵀ
      await runBatched(variant, { M: 9, N: 31, K: 16, transB: true, batch: 2, sum: true, halfB: true }, false);
    }
  }, COLD_COMPILE_MS);

  it('refuses operands that are not one buffer at one stride, and a wrong count', async () => {
    const ctx = await testContext();
    const kernel = await createMatmul(ctx, { M: 4, N: 4, K: 4, batch: 2 }, { variant: 'registers' });
    const buf = ctx.buffers.create('operands', 4096);
    const other = ctx.buffers.create('other', 4096);
    const at = (buffer: GPUBuffer, offset: number) => ({ buffer, offset, size: 64 });
    try {
      expect(() => kernel.bind([at(buf, 0), at(other, 256)], buf, [at(buf, 512), at(buf, 768)])).toThrow(/ranges of one buffer at one increasing stride/);
      expect(() => kernel.bind([at(buf, 0), at(buf, 256), at(buf, 512)], buf, [at(buf, 1024), at(buf, 1280)])).toThrow(/3 matrices for a batch of 2/);
      await expect(createMatmul(ctx, { M: 4, N: 4, K: 4, sum: true }, { variant: 'registers' })).rejects.toThrow(/sum needs a batch/);
    } finally {
      ctx.buffers.destroy(buf);
      ctx.buffers.destroy(other);
    }
  });
});
