// Grouped matmuls (G sets of batched products in one dispatch, each with its own operands: the stacked heads' blocks,
// engine/headStacks.ts) on every variant this adapter runs, against the float64 reference: fresh random inputs of
// odd sizes, each operand's matrices at two strides in one buffer (group-major and product-major) with NaN in the
// gaps between them, outputs poisoned first; with an f16 B against the reference of B rounded to f16.
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { createMatmul } from './matmul';
import { matmulPlans, defaultConfig } from './matmulProgram';
import type { MatmulShape } from './matmulShape';
import { kernelSelection } from './select';
import { runGrouped, splitHow } from './matmulTestUtil';

const COLD_COMPILE_MS = 600_000;

const ctx0 = await testContext();
const selection = await kernelSelection(ctx0);

describe('grouped matmul', () => {
  for (const variant of selection.available) {
    it(`${variant}: heads' projections, their input and weight gradients, on odd shapes`, async () => {
      await runGrouped({ variant }, { M: 13, N: 20, K: 7, batch: 3, groups: 3 }, 'group'); // each head's q, k, v from its x
      await runGrouped({ variant }, { M: 13, N: 20, K: 7, batch: 3, groups: 3 }, 'group', false);
      await runGrouped({ variant }, { M: 11, N: 9, K: 14, accumulate: true, groups: 3 }, 'none'); // x1 += ya·Wo per head
      await runGrouped({ variant }, { M: 5, N: 6, K: 11, transA: true, transB: true, groups: 2 }, 'all');
      await runGrouped({ variant }, { M: 29, N: 9, K: 33, transA: true, accumulate: true, batch: 2, groups: 3 }, 'group'); // dW_gz += x_gᵀ·dY_gz
      await runGrouped({ variant }, { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true, groups: 2 }, 'none'); // dx_g += Σ_z dY_gz·W_gzᵀ
      await runGrouped({ variant }, { M: 9, N: 31, K: 16, transB: true, batch: 2, sum: true, groups: 3 }, 'none', false);
      await runGrouped({ variant }, { M: 1, N: 1, K: 1, groups: 3 }, 'none');
    }, COLD_COMPILE_MS);
  }

  it('f16 B on every variant: the heads\' q/k/v, and their summed input gradients', async () => {
    for (const variant of selection.available) {
      await runGrouped({ variant }, { M: 13, N: 20, K: 7, batch: 3, groups: 3, halfB: true }, 'group');
      await runGrouped({ variant }, { M: 17, N: 12, K: 21, transB: true, accumulate: true, batch: 3, sum: true, groups: 3, halfB: true }, 'none', false);
      await runGrouped({ variant }, { M: 9, N: 6, K: 10, transB: true, groups: 2, halfB: true }, 'none');
    }
  }, COLD_COMPILE_MS);

  it('leaves the ungrouped kernels as they were: one group is no group', () => {
    for (const variant of selection.available) {
      const s: MatmulShape = { M: 13, N: 20, K: 7, batch: 3 };
      const plain = matmulPlans(s, defaultConfig(variant, s))[0], one = matmulPlans({ ...s, groups: 1 }, defaultConfig(variant, s))[0];
      expect(one.code).toBe(plain.code);
      expect(plain.code).not.toMatch(/gA|zg/);
      expect(matmulPlans({ ...s, groups: 4 }, defaultConfig(variant, s))[0].workgroups[2]).toBe(12);
    }
  });

  it('refuses a wrong count of groups, groups at different strides, and a split over k', async () => {
    const ctx = await testContext();
    const variant = selection.available[0];
    const kernel = await createMatmul(ctx, { M: 4, N: 4, K: 4, batch: 2, groups: 2 }, { variant });
    const buf = ctx.buffers.create('operands', 8192), other = ctx.buffers.create('other', 8192);
    const at = (offset: number, buffer = buf) => ({ buffer, offset, size: 64 });
    try {
      const c = [[at(4096), at(4352)], [at(4608), at(4864)]];
      expect(() => kernel.bind([at(0), at(256), at(512)], buf, c)).toThrow(/3 entries for 2 groups/);
      expect(() => kernel.bind([[at(0), at(256)], [at(1024), at(1536)]], buf, c)).toThrow(/different strides/);
      expect(() => kernel.bind([[at(0), at(256)], [at(1024), at(1280)]], buf, [c[0], [at(4608, other), at(4864, other)]])).toThrow(/C: .*ranges of one buffer/);
      await expect(createMatmul(ctx, { M: 4, N: 4, K: 64, groups: 2 }, splitHow(variant, { M: 4, N: 4, K: 64 }, 4))).rejects.toThrow(/does not split over k/);
    } finally {
      ctx.buffers.destroy(buf);
      ctx.buffers.destroy(other);
    }
  });
});
