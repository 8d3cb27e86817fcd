import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../gpu/context';
import { readFloat32, readUint32 } from '../gpu/readback';
import { Recorder } from '../gpu/recorder';
import { expectClose, POISON_BITS, poisonBuffer, randomFloats, testContext } from '../gpu/testing';
import { createKvCache, type KvCacheShape } from './kvCache';

/** Fresh random slots in [0, n). */
function randomSlots(count: number, n: number): Uint32Array<ArrayBuffer> {
  return Uint32Array.from({ length: count }, () => Math.floor(Math.random() * n));
}

/** Writes k and v into poisoned caches; returns the caches' bits. */
async function runWrite(ctx: GpuContext, s: KvCacheShape, S: number, k: Float32Array<ArrayBuffer>, v: Float32Array<ArrayBuffer>, start: Uint32Array<ArrayBuffer>) {
  const kv = await createKvCache(ctx, s, [S]);
  const bufs = ctx.buffers;
  const inputs = [bufs.upload('k', k), bufs.upload('v', v), bufs.upload('start', start)];
  const caches = [bufs.create('kCache', kv.cacheFloats * 4), bufs.create('vCache', kv.cacheFloats * 4)];
  for (const c of caches) poisonBuffer(ctx, c);
  const rec = new Recorder(ctx);
  for (const d of kv.bindWrite(S, inputs[0], inputs[1], inputs[2], caches[0], caches[1])) rec.dispatch(d);
  rec.submit();
  const words = await Promise.all(caches.map((c) => readUint32(ctx, c, 0, kv.cacheFloats)));
  for (const b of [...inputs, ...caches]) bufs.destroy(b);
  return words;
}

/** Which source element lands in each cache element (-1: none). */
function writeReference(s: KvCacheShape, S: number, start: Uint32Array): Int32Array {
  const { B, nHeads: nh, headDim: hd, Tmax } = s;
  const at = new Int32Array(B * nh * Tmax * hd).fill(-1);
  for (let b = 0; b < B; b++) {
    for (let r = 0; r < S; r++) {
      const t = start[b] + r;
      if (t >= Tmax) continue;
      for (let h = 0; h < nh; h++) for (let i = 0; i < hd; i++) at[((b * nh + h) * Tmax + t) * hd + i] = (b * S + r) * nh * hd + h * hd + i;
    }
  }
  return at;
}

/** Float64 softmax attention of q[b] over slots 0..last[b] of the caches. */
function attendReference(s: KvCacheShape, q: Float32Array, k: Float32Array, v: Float32Array, last: Uint32Array): Float64Array {
  const { B, nHeads: nh, headDim: hd, Tmax } = s;
  const out = new Float64Array(B * nh * hd);
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < nh; h++) {
      const qo = (b * nh + h) * hd, base = (b * nh + h) * Tmax * hd;
      const scores: number[] = [];
      for (let t = 0; t <= last[b]; t++) {
        let dot = 0;
        for (let i = 0; i < hd; i++) dot += q[qo + i] * k[base + t * hd + i];
        scores.push(dot / Math.sqrt(hd));
      }
      const max = Math.max(...scores);
      const e = scores.map((x) => Math.exp(x - max));
      const sum = e.reduce((a, x) => a + x, 0);
      e.forEach((w, t) => {
        for (let i = 0; i < hd; i++) out[qo + i] += (w / sum) * v[base + t * hd + i];
      });
    }
  }
  return out;
}

describe('kv cache write', () => {
  const cases: [string, KvCacheShape, number, (s: KvCacheShape) => Uint32Array<ArrayBuffer>][] = [
    ['a decode step (S 1) at random slots', { B: 5, nHeads: 3, headDim: 8, Tmax: 13 }, 1, (s) => randomSlots(s.B, s.Tmax)],
    ['a prefill (S = Tmax from slot 0)', { B: 3, nHeads: 2, headDim: 12, Tmax: 11 }, 11, (s) => new Uint32Array(s.B)],
    // Sequence 0 starts at the last slot: two of its three tokens fall off the end.
    ['three tokens per sequence, some past the end', { B: 4, nHeads: 1, headDim: 4, Tmax: 9 }, 3, (s) => Uint32Array.of(s.Tmax - 1, ...randomSlots(s.B - 1, s.Tmax))],
  ];
  for (const [name, s, S, slots] of cases) {
    it(`B ${s.B}, ${s.nHeads} heads, hd ${s.headDim}, Tmax ${s.Tmax}: ${name}`, async () => {
      const ctx = await testContext();
      const k = randomFloats(s.B * S * s.nHeads * s.headDim), v = randomFloats(k.length);
      const start = slots(s);
      const got = await runWrite(ctx, s, S, k, v, start);
      const want = writeReference(s, S, start);
      [k, v].forEach((src, c) => {
        const srcBits = new Uint32Array(src.buffer);
        let written = 0;
        want.forEach((from, i) => {
          if (from < 0) expect(got[c][i], `cache ${c} element ${i} must stay untouched`).toBe(POISON_BITS);
          else {
            expect(got[c][i], `cache ${c} element ${i}`).toBe(srcBits[from]);
            written++;
          }
        });
        expect(written).toBeGreaterThan(0);
      });
    });
  }
});

describe('kv cache attend vs float64', () => {
  const shapes: KvCacheShape[] = [
    { B: 5, nHeads: 3, headDim: 8, Tmax: 13 },
    { B: 2, nHeads: 2, headDim: 16, Tmax: 37 },
    { B: 7, nHeads: 1, headDim: 4, Tmax: 5 },
  ];
  for (const s of shapes) {
    it(`B ${s.B}, ${s.nHeads} heads, hd ${s.headDim}, Tmax ${s.Tmax}; NaN in every slot past the query's`, async () => {
      const ctx = await testContext();
      const kv = await createKvCache(ctx, s);
      const { B, nHeads: nh, headDim: hd, Tmax } = s;
      const C = nh * hd;
      const last = randomSlots(B, Tmax);
      last[0] = 0;
      last[B - 1] = Tmax - 1;
      const q = randomFloats(B * C, 2), k = randomFloats(kv.cacheFloats, 2), v = randomFloats(kv.cacheFloats);
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < nh; h++) for (let t = last[b] + 1; t < Tmax; t++) for (const x of [k, v]) x.fill(NaN, ((b * nh + h) * Tmax + t) * hd, ((b * nh + h) * Tmax + t + 1) * hd);
      }
      const bufs = ctx.buffers;
      const inputs = [bufs.upload('q', q), bufs.upload('k', k), bufs.upload('v', v), bufs.upload('last', last)];
      const out = bufs.create('out', B * C * 4);
      poisonBuffer(ctx, out);
      const rec = new Recorder(ctx);
      for (const d of kv.bindAttend(inputs[0], inputs[1], inputs[2], inputs[3], out)) rec.dispatch(d);
      rec.submit();
      const got = await readFloat32(ctx, out, 0, B * C);
      for (const b of [...inputs, out]) bufs.destroy(b);
      expectClose(got, attendReference(s, q, k, v, last), 1e-5, 'out');
    });
  }

  it('rejects a head dim that is not a multiple of 4', async () => {
    await expect(createKvCache(await testContext(), { B: 1, nHeads: 2, headDim: 6, Tmax: 4 })).rejects.toThrow(/multiple of 4/);
  });
});
