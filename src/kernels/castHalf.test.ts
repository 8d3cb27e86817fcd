// The f32 → f16 cast against the host's rounding (src/util/half.ts), bit for bit: fresh random values of every
// magnitude (subnormal in f16, past its range), exact ties (normal and subnormal), ±0, ±infinity, NaN, odd counts,
// segments in any order, the f16 buffer poisoned first so a half left unwritten or written past its segment shows.
// The device has no shader-f16 (context.ts asks for none): the cast is core WGSL on every adapter.
import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, POISON_BITS } from '../gpu/testing';
import { readUint32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { halfBits } from '../util/half';
import { createCastHalf } from './castHalf';

const ctx = await testContext();

/** f32 bit patterns the rounding must get right: ties to even (normal, subnormal, the largest finite half's),
 * the edges of f16's range, f32 subnormals, and what is not finite (positive NaNs: a JS number has no NaN sign). */
const EDGES = [
  0x00000000, 0x80000000, 0x3f801000, 0x3f803000, 0xbf801000, 0x477fe000, 0x477fefff, 0x477ff000, 0xc77ff000,
  0x33000000, 0x33000001, 0x33400000, 0x33c00000, 0x38800000, 0x387fe000, 0x387ff000, 0x00000001, 0x807fffff,
  0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0x7fffffff,
];

describe('castHalf', () => {
  it('rounds every element of every segment as the host does, and writes nothing else', async () => {
    // src floats: three tensors in 64-float slots; dst halves: in another order, 128-half slots.
    const segments = [{ src: 0, dst: 5248, n: 37 }, { src: 64, dst: 0, n: 61 }, { src: 192, dst: 128, n: 4999 }];
    const src = randomFloats(192 + 5056, 1);
    for (let i = 0; i < src.length; i += 7) src[i] *= [1e-6, 7e4, 3e-8, 1][i % 4]; // f16 subnormals, overflow, underflow
    new Uint32Array(src.buffer).set(EDGES, 192 + 4999 - EDGES.length); // the last of the odd-length segment
    const dstHalves = 5376;
    const [s, d] = [ctx.buffers.upload('cast src', src), ctx.buffers.create('cast dst', dstHalves * 2)];
    poisonBuffer(ctx, d);
    const cast = await createCastHalf(ctx, segments);
    try {
      const rec = new Recorder(ctx);
      for (const x of cast.bind(s, d)) rec.dispatch(x);
      rec.submit();
      const got = new Uint16Array((await readUint32(ctx, d, 0, dstHalves / 2)).buffer);
      const poison = new Uint16Array(Uint32Array.of(POISON_BITS).buffer);
      const want = Array.from({ length: dstHalves }, (_, i) => poison[i % 2]);
      for (const g of segments) for (let i = 0; i < g.n; i++) want[g.dst + i] = halfBits(src[g.src + i]);
      // A segment's count rounds up to 4: the halves up to the next multiple of 4 are the cast's too.
      for (const g of segments) for (let i = g.n; i % 4; i++) want[g.dst + i] = got[g.dst + i];
      expect(Array.from(got)).toEqual(want);
    } finally {
      cast.destroy();
      ctx.buffers.destroy(s);
      ctx.buffers.destroy(d);
    }
  });

  it('refuses segments off a multiple of 4', async () => {
    await expect(createCastHalf(ctx, [{ src: 2, dst: 0, n: 8 }])).rejects.toThrow(/multiples of 4/);
  });
});
