import { describe, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import { swigluBackward, swigluForward } from '../reference/linear';
import { createSwiglu } from './swiglu';

/** Forward and backward on M fresh values (vec4 path when M is a multiple of 4). */
async function checkSwiglu(M: number) {
  const ctx = await testContext();
  const gate = randomFloats(M, 6), up = randomFloats(M, 2), dhid = randomFloats(M);
  gate[0] = 95; gate[1] = -95;
  const k = await createSwiglu(ctx, M);
  const b = ctx.buffers;
  const gateBuf = b.upload('gate', gate), upBuf = b.upload('up', up), dhidBuf = b.upload('dhid', dhid);
  const hidBuf = b.create('hid', M * 4), dgateBuf = b.create('dgate', M * 4), dupBuf = b.create('dup', M * 4);
  for (const buf of [hidBuf, dgateBuf, dupBuf]) poisonBuffer(ctx, buf);
  const rec = new Recorder(ctx);
  for (const d of [...k.bindForward(gateBuf, upBuf, hidBuf), ...k.bindBackward(dhidBuf, gateBuf, upBuf, dgateBuf, dupBuf)]) rec.dispatch(d);
  rec.submit();
  const g64 = Float64Array.from(gate), u64 = Float64Array.from(up);
  const { dgate, dup } = swigluBackward(Float64Array.from(dhid), g64, u64);
  expectClose(await readFloat32(ctx, hidBuf, 0, M), swigluForward(g64, u64), 1e-6, 'hid');
  expectClose(await readFloat32(ctx, dgateBuf, 0, M), dgate, 1e-6, 'dgate');
  expectClose(await readFloat32(ctx, dupBuf, 0, M), dup, 1e-6, 'dup');
  for (const buf of [gateBuf, upBuf, dhidBuf, hidBuf, dgateBuf, dupBuf]) b.destroy(buf);
}

describe('swiglu forward/backward', () => {
  it('matches float64 on odd sizes and vec4 sizes, large activations included', async () => {
    for (const M of [13 * 41, 12 * 41]) await checkSwiglu(M);
  });
});
