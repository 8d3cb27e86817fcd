// Split-K's own contract (matmulSplit.ts): how k is cut, that one kernel's scratch serves several binds in one
// submission (each bind's sum reads its own partials), and that a split config's C is the same bits every run.
// Its results against the float64 reference, on every variant, live with the unsplit ones: matmul.test.ts,
// matmulBatch.test.ts, matmulHalf.test.ts.
import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, expectClose } from '../gpu/testing';
import { readFloat32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { createMatmul, type MatmulShape } from './matmul';
import { defaultConfig, describeConfig } from './matmulProgram';
import { kSplit } from './matmulSplit';
import { kernelSelection } from './select';
import { matmulInputs, matmulReference } from './matmulTestUtil';

const COLD_COMPILE_MS = 600_000;

describe('split-K', () => {
  it('cuts k into chunks of a multiple of 4, none empty, at most the split asked for', () => {
    expect(kSplit(2048, 16)).toEqual({ kChunk: 128, chunks: 16 });
    expect(kSplit(37, 4)).toEqual({ kChunk: 12, chunks: 4 }); // 12, 12, 12, 1
    expect(kSplit(5, 16)).toEqual({ kChunk: 4, chunks: 2 }); // 4, 1
    expect(kSplit(1, 4)).toEqual({ kChunk: 4, chunks: 1 });
    for (const K of [1, 3, 4, 7, 64, 65, 343, 2047]) {
      for (const split of [2, 3, 4, 16]) {
        const { kChunk, chunks } = kSplit(K, split);
        expect(kChunk % 4).toBe(0);
        expect(chunks).toBeLessThanOrEqual(split);
        expect((chunks - 1) * kChunk).toBeLessThan(K); // the last chunk is not empty
        expect(chunks * kChunk).toBeGreaterThanOrEqual(K);
      }
    }
    expect(describeConfig({ variant: 'quad', wx: 16, split: 8 })).toBe('quad/16 k8');
    expect(describeConfig({ variant: 'tiled', wx: 16, split: 4 })).toBe('tiled k4');
    expect(describeConfig({ variant: 'quad', wx: 16, split: 1 })).toBe('quad/16');
  });

  it('two binds of one kernel in one submission both get their own C, and a third bind of the first inputs its bits', async () => {
    const ctx = await testContext();
    const { available } = await kernelSelection(ctx);
    const s: MatmulShape = { M: 29, N: 13, K: 203, transA: true }; // dW = Xᵀ·dY in 4 chunks of 52 (the last 47)
    for (const variant of [available[0], available[available.length - 1]]) {
      const config = { ...defaultConfig(variant, s), split: 4 };
      const kernel = await createMatmul(ctx, s, { config });
      expect(kernel.config).toBe(describeConfig(config));
      const inputs = [matmulInputs(s), matmulInputs(s)];
      const buffers = [...inputs, inputs[0]].map((x, i) => {
        const [a, b] = [x.a, x.b].map((v) => ctx.buffers.upload(`split ${i}`, v));
        const c = ctx.buffers.create(`split c ${i}`, s.M * s.N * 4);
        poisonBuffer(ctx, c);
        return { a, b, c };
      });
      try {
        const rec = new Recorder(ctx);
        for (const { a, b, c } of buffers) for (const d of kernel.bind(a, b, c)) rec.dispatch(d);
        expect(rec.dispatchCount).toBe(6); // partials and sum, per bind
        rec.submit();
        const got = await Promise.all(buffers.map(({ c }) => readFloat32(ctx, c, 0, s.M * s.N)));
        for (const [i, x] of inputs.entries()) {
          expectClose(got[i], matmulReference(s, x.a, x.b, null), 1e-5, `${kernel.config} bind ${i}`);
        }
        expect(got[2].filter((v, j) => !Object.is(v, got[0][j])).length, `${kernel.config}: same inputs, other bits`).toBe(0);
      } finally {
        for (const b of buffers.flatMap((x) => [x.a, x.b, x.c])) ctx.buffers.destroy(b);
      }
    }
  }, COLD_COMPILE_MS);
});
