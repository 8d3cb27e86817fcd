import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import { createSumSlices, createTile } from './slices';

describe('tile and sumSlices', () => {
  for (const n of [37, 36]) {
    it(`tile repeats x into every slice and sumSlices adds the slices in (n ${n}, 3 slices; poisoned outputs)`, async () => {
      const ctx = await testContext();
      const S = 3, x = randomFloats(n), xs = randomFloats(S * n), out0 = randomFloats(n);
      const [tile, sum] = await Promise.all([createTile(ctx, n, S), createSumSlices(ctx, n, S)]);
      const xBuf = ctx.buffers.upload('x', x), xsBuf = ctx.buffers.upload('xs', xs), outBuf = ctx.buffers.upload('out', out0);
      const tiled = ctx.buffers.create('tiled', (S * n + 4) * 4);
      poisonBuffer(ctx, tiled);
      const rec = new Recorder(ctx);
      for (const d of [...tile.bind(xBuf, tiled), ...sum.bind(xsBuf, outBuf)]) rec.dispatch(d);
      rec.submit();
      const got = await readFloat32(ctx, tiled, 0, S * n + 1);
      for (let s = 0; s < S; s++) expectClose(got.subarray(s * n, (s + 1) * n), Float64Array.from(x), 1e-12, `slice ${s}`);
      expect(Number.isNaN(got[S * n]), 'tile wrote past its slices').toBe(true);
      const want = Float64Array.from(out0, (v, i) => v + xs[i] + xs[n + i] + xs[2 * n + i]);
      expectClose(await readFloat32(ctx, outBuf, 0, n), want, 1e-6, 'sum');
      for (const b of [xBuf, xsBuf, outBuf, tiled]) ctx.buffers.destroy(b);
    });
  }
});
