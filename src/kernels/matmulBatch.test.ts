// Batched matmuls (several products in one dispatch: q, k and v from one input, gate and up, their input gradients
// summed) on every variant this adapter runs, unsplit and split over k, against the float64 reference: fresh random
// inputs of odd sizes, each operand's matrices at a stride in one buffer with NaN in the gaps between them, outputs
// poisoned first; with an f16 B (halfB) against the reference of B rounded to f16.
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { createMatmul } from './matmul';
import { kernelSelection } from './select';
import { runBatched, splitHow } from './matmulTestUtil';

const COLD_COMPILE_MS = 600_000;

const ctx0 = await testContext();
const selection = await kernelSelection(ctx0);

describe('batched matmul', () => {
  for (const variant of selection.available) {
    it(`${variant}: products side by side, a shared input, and a sum, on odd shapes`, async () => {
      await runBatched({ variant }, { M: 13, N: 20, K: 7, batch: 3 }, false); // q, k, v: one C per product
      await runBatched({ variant }, { M: 29, N: 9, K: 33, transA: true, accumulate: true, batch: 2 }, true); // dW_z += xᵀ·dY_z
      await runBatched({ variant }, { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true }, false); // dx += Σ dY_z·W_zᵀ
      await runBatched({ variant }, { M: 9, N: 31, K: 16, transB: true, batch: 2, sum: true }, false);
    }, COLD_COMPILE_MS);

    // K 33 in 3 chunks (12, 12, 9), 21 in 3 (8, 8, 5), 70 in 5 (16 ×4, 6): grid z = product·chunks + chunk.
    it(`${variant} split over k: products side by side, a shared input, and a sum`, async () => {
      await runBatched(splitHow(variant, { M: 29, N: 9, K: 33 }, 4), { M: 29, N: 9, K: 33, transA: true, accumulate: true, batch: 2 }, true);
      await runBatched(splitHow(variant, { M: 13, N: 20, K: 70 }, 5), { M: 13, N: 20, K: 70, batch: 3 }, false);
      await runBatched(splitHow(variant, { M: 17, N: 12, K: 21 }, 3), { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true }, false);
      await runBatched(splitHow(variant, { M: 9, N: 31, K: 70 }, 5), { M: 9, N: 31, K: 70, transA: true, batch: 2, sum: true }, false);
    }, COLD_COMPILE_MS);
  }

  it('f16 B on every variant: q/k/v and gate/up, the summed input gradients', async () => {
    for (const variant of selection.available) {
      await runBatched({ variant }, { M: 13, N: 20, K: 7, batch: 3, halfB: true }, true); // q, k, v = x·W_z
      await runBatched({ variant }, { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true, halfB: true }, false); // dx += Σ dY_z·W_zᵀ
      await runBatched({ variant }, { M: 9, N: 31, K: 16, transB: true, batch: 2, sum: true, halfB: true }, false);
      // Split over k: the partials read the f16 B as the unsplit kernels do.
      await runBatched(splitHow(variant, { M: 13, N: 20, K: 70 }, 5), { M: 13, N: 20, K: 70, batch: 3, halfB: true }, true);
      await runBatched(splitHow(variant, { M: 17, N: 12, K: 21 }, 3), { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true, halfB: true }, false);
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
