import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import type { GpuContext } from '../gpu/context';
import { createRope, type RopeShape } from './rope';

/** Float64 rotate-half RoPE of x [tokens, nHeads*headDim]; sign -1 is the inverse rotation. */
function ropeReference(s: RopeShape, x: ArrayLike<number>, positions: Int32Array, sign: 1 | -1): Float64Array {
  const { tokens, nHeads, headDim: hd, posComponents: P } = s;
  const y = Float64Array.from(x);
  const W = hd / P, half = W / 2;
  for (let n = 0; n < tokens; n++) {
    for (let c = 0; c < P; c++) {
      const pos = positions[n * P + c];
      for (let i = 0; i < half; i++) {
        const angle = pos * Math.pow(s.theta, (-2 * i) / W);
        const cos = Math.cos(angle), sin = sign * Math.sin(angle);
        for (let h = 0; h < nHeads; h++) {
          const a = n * nHeads * hd + h * hd + c * W + i, b = a + half;
          y[a] = x[a] * cos - x[b] * sin;
          y[b] = x[b] * cos + x[a] * sin;
        }
      }
    }
  }
  return y;
}

/** Small, negative, huge and extreme ids: the angles must stay exact far from 0. */
function positionIds(n: number): Int32Array<ArrayBuffer> {
  const special = [0, 1, -1, 7, -13, 1000, -1000, 123457, -987654, 2 ** 31 - 1, -(2 ** 31), 46341, 2 ** 24 + 1];
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i < special.length ? special[i] : Math.floor((Math.random() * 2 - 1) * 5000);
  return p;
}

async function run(ctx: GpuContext, s: RopeShape, x: Float32Array<ArrayBuffer>, positions: Int32Array<ArrayBuffer>, dir: 'forward' | 'backward', inPlace: boolean) {
  const rope = await createRope(ctx, s);
  const n = x.length;
  const xBuf = ctx.buffers.upload('x', x), posBuf = ctx.buffers.upload('positions', positions);
  const outBuf = inPlace ? xBuf : ctx.buffers.create('out', n * 4);
  if (!inPlace) poisonBuffer(ctx, outBuf);
  const rec = new Recorder(ctx);
  for (const d of dir === 'forward' ? rope.bindForward(xBuf, posBuf, outBuf) : rope.bindBackward(xBuf, posBuf, outBuf)) rec.dispatch(d);
  rec.submit();
  const out = await readFloat32(ctx, outBuf, 0, n);
  for (const b of new Set([xBuf, posBuf, outBuf])) ctx.buffers.destroy(b);
  return out;
}

const shapes: RopeShape[] = [
  { tokens: 13, nHeads: 3, headDim: 8, posComponents: 1, theta: 10000 },
  { tokens: 13, nHeads: 3, headDim: 8, posComponents: 2, theta: 10000 },
  { tokens: 17, nHeads: 4, headDim: 16, posComponents: 2, theta: 100 },
  { tokens: 11, nHeads: 2, headDim: 12, posComponents: 1, theta: 500000 },
  { tokens: 9, nHeads: 3, headDim: 6, posComponents: 1, theta: 10000 },
  { tokens: 9, nHeads: 2, headDim: 4, posComponents: 2, theta: 10000 },
];

describe('rope', () => {
  for (const s of shapes) {
    const name = `${s.posComponents}D hd ${s.headDim}, ${s.nHeads} heads, ${s.tokens} tokens, theta ${s.theta}`;
    it(`forward and backward match float64 (${name})`, async () => {
      const ctx = await testContext();
      const n = s.tokens * s.nHeads * s.headDim;
      const positions = positionIds(s.tokens * s.posComponents);
      const x = randomFloats(n, 2);
      for (const inPlace of [false, true]) {
        expectClose(await run(ctx, s, x, positions, 'forward', inPlace), ropeReference(s, x, positions, 1), 1e-5, `forward${inPlace ? ' in place' : ''}`);
        expectClose(await run(ctx, s, x, positions, 'backward', inPlace), ropeReference(s, x, positions, -1), 1e-5, `backward${inPlace ? ' in place' : ''}`);
      }
      // backward is the inverse of forward: it undoes the rotation.
      const rotated = await run(ctx, s, x, positions, 'forward', false);
      expectClose(await run(ctx, s, rotated, positions, 'backward', true), x, 1e-5, 'backward(forward(x))');
    });
  }

  it('rejects head dims that cannot be split into rotation pairs', async () => {
    const ctx = await testContext();
    await expect(createRope(ctx, { tokens: 4, nHeads: 2, headDim: 6, posComponents: 2, theta: 10000 })).rejects.toThrow(/multiple of 4/);
  });
});
