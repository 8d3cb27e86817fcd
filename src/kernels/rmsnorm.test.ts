import { describe, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import { rmsnormBackward, rmsnormForward } from '../reference/linear';
import { createRmsNorm } from './rmsnorm';

describe('rmsnorm forward/backward', () => {
  for (const [C, accumulate] of [[37, false], [37, true], [36, false], [36, true]] as const) {
    it(`matches float64 (C ${C}${C % 4 ? '' : ', vec4 rows'}, dx ${accumulate ? 'accumulated' : 'written'}, gain gradient accumulated)`, async () => {
      const ctx = await testContext();
      const N = 131, eps = 1e-5;
      const x = randomFloats(N * C, 2), gain = randomFloats(C, 1.5), dy = randomFloats(N * C);
      const dx0 = randomFloats(N * C), dgain0 = randomFloats(C);
      const k = await createRmsNorm(ctx, { N, C, eps });
      const b = ctx.buffers;
      const xBuf = b.upload('x', x), gainBuf = b.upload('gain', gain), dyBuf = b.upload('dy', dy);
      const yBuf = b.create('y', N * C * 4), rinvBuf = b.create('rinv', N * 4);
      const dxBuf = accumulate ? b.upload('dx', dx0) : b.create('dx', N * C * 4);
      const dgainBuf = b.upload('dgain', dgain0);
      for (const buf of [yBuf, rinvBuf, ...(accumulate ? [] : [dxBuf])]) poisonBuffer(ctx, buf);
      const rec = new Recorder(ctx);
      for (const d of [...k.bindForward(xBuf, gainBuf, yBuf, rinvBuf), ...k.bindBackward(dyBuf, xBuf, gainBuf, rinvBuf, dxBuf, dgainBuf, accumulate)]) rec.dispatch(d);
      rec.submit();

      const x64 = Float64Array.from(x), gain64 = Float64Array.from(gain);
      const { y, rinv } = rmsnormForward(x64, gain64, N, C, eps);
      const dx = accumulate ? Float64Array.from(dx0) : new Float64Array(N * C), dgain = Float64Array.from(dgain0);
      rmsnormBackward(Float64Array.from(dy), x64, gain64, rinv, N, C, dx, dgain);
      expectClose(await readFloat32(ctx, yBuf, 0, N * C), y, 1e-5, 'y');
      expectClose(await readFloat32(ctx, rinvBuf, 0, N), rinv, 1e-5, 'rinv');
      expectClose(await readFloat32(ctx, dxBuf, 0, N * C), dx, 1e-5, 'dx');
      expectClose(await readFloat32(ctx, dgainBuf, 0, C), dgain, 1e-5, 'dgain');
      for (const buf of [xBuf, gainBuf, dyBuf, yBuf, rinvBuf, dxBuf, dgainBuf]) b.destroy(buf);
    });
  }
});
