import { describe, expect, it } from 'vitest';
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

describe('rmsnorm sliced (one gain per slice of rows: a stack of heads)', () => {
  for (const C of [37, 36]) {
    it(`matches float64 slice by slice (C ${C}, 3 slices of 43 rows, gains at a stride with NaN between)`, async () => {
      const ctx = await testContext();
      const S = 3, R = 43, N = S * R, eps = 1e-5, stride = Math.ceil(C / 64) * 64 + 64;
      const x = randomFloats(N * C, 2), dy = randomFloats(N * C), dx0 = randomFloats(N * C);
      const gains = Array.from({ length: S }, () => randomFloats(C, 1.5)), dgains0 = Array.from({ length: S }, () => randomFloats(C));
      const k = await createRmsNorm(ctx, { N, C, eps, slices: S });
      const b = ctx.buffers;
      const xBuf = b.upload('x', x), dyBuf = b.upload('dy', dy), dxBuf = b.upload('dx', dx0);
      const gainBuf = b.create('gains', S * stride * 4), dgainBuf = b.create('dgains', S * stride * 4);
      const yBuf = b.create('y', N * C * 4), rinvBuf = b.create('rinv', N * 4);
      for (const buf of [gainBuf, dgainBuf, yBuf, rinvBuf]) poisonBuffer(ctx, buf);
      gains.forEach((g, s) => b.write(gainBuf, g, s * stride * 4));
      dgains0.forEach((g, s) => b.write(dgainBuf, g, s * stride * 4));
      const ranges = (buffer: GPUBuffer) => gains.map((_, s) => ({ buffer, offset: s * stride * 4, size: C * 4 }));
      const rec = new Recorder(ctx);
      for (const d of [...k.bindForward(xBuf, ranges(gainBuf), yBuf, rinvBuf), ...k.bindBackward(dyBuf, xBuf, ranges(gainBuf), rinvBuf, dxBuf, ranges(dgainBuf), true)]) rec.dispatch(d);
      rec.submit();

      const y = await readFloat32(ctx, yBuf, 0, N * C), rinv = await readFloat32(ctx, rinvBuf, 0, N), dx = await readFloat32(ctx, dxBuf, 0, N * C);
      const dgain = await readFloat32(ctx, dgainBuf, 0, S * stride);
      for (let s = 0; s < S; s++) {
        const rows = (v: Float32Array) => Float64Array.from(v.subarray(s * R * C, (s + 1) * R * C));
        const gain64 = Float64Array.from(gains[s]), x64 = rows(x);
        const want = rmsnormForward(x64, gain64, R, C, eps);
        const dxWant = rows(dx0), dgainWant = Float64Array.from(dgains0[s]);
        rmsnormBackward(rows(dy), x64, gain64, want.rinv, R, C, dxWant, dgainWant);
        expectClose(y.subarray(s * R * C, (s + 1) * R * C), want.y, 1e-5, `y slice ${s}`);
        expectClose(rinv.subarray(s * R, (s + 1) * R), want.rinv, 1e-5, `rinv slice ${s}`);
        expectClose(dx.subarray(s * R * C, (s + 1) * R * C), dxWant, 1e-5, `dx slice ${s}`);
        expectClose(dgain.subarray(s * stride, s * stride + C), dgainWant, 1e-5, `dgain slice ${s}`);
        expect(Number.isNaN(dgain[s * stride + C]), `wrote past dgain ${s}`).toBe(true);
      }
      for (const buf of [xBuf, gainBuf, dyBuf, yBuf, rinvBuf, dxBuf, dgainBuf]) b.destroy(buf);
    });
  }

  it('refuses rows that do not split into the slices, and gains of the wrong count', async () => {
    const ctx = await testContext();
    await expect(createRmsNorm(ctx, { N: 10, C: 4, eps: 1e-5, slices: 3 })).rejects.toThrow(/10 rows do not split into 3 slices/);
    const k = await createRmsNorm(ctx, { N: 9, C: 4, eps: 1e-5, slices: 3 });
    const buf = ctx.buffers.create('all', 4096);
    const at = (offset: number) => ({ buffer: buf, offset, size: 16 });
    expect(() => k.bindForward(buf, [at(0), at(256)], buf, buf)).toThrow(/2 matrices for a batch of 3/);
    ctx.buffers.destroy(buf);
  });
});
