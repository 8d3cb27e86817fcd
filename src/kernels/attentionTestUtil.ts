// Test support for the attention kernels: batches written as strings, a float64 reference built on canAttend,
// and a runner that binds the kernels on fresh, poisoned buffers.
import type { GpuContext } from '../gpu/context';
import { poisonBuffer, randomFloats } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import { canAttend, TokenKind } from '../model/batch';
import { createAttention, type AttentionOptions, type AttentionShape } from './attention';

/** One sequence per string, one character per token: P prompt, A answer, R register, . pad. */
export function kindsOf(layouts: string[]): { kinds: Uint32Array<ArrayBuffer>; promptLen: Uint32Array<ArrayBuffer> } {
  const T = layouts[0].length;
  const code: Record<string, number> = { '.': TokenKind.pad, P: TokenKind.prompt, A: TokenKind.answer, R: TokenKind.register };
  const kinds = new Uint32Array(layouts.length * T), promptLen = new Uint32Array(layouts.length);
  layouts.forEach((s, b) => {
    if (s.length !== T) throw new Error('layouts must have equal length');
    [...s].forEach((c, t) => (kinds[b * T + t] = code[c]));
    promptLen[b] = /^P*/.exec(s)![0].length;
  });
  return { kinds, promptLen };
}

/** A random MuToR-like layout: a prompt, answer tokens each preceded by a register with probability 1/2, pads. */
export function randomLayout(T: number, maxPrompt: number): string {
  let s = 'P'.repeat(1 + Math.floor(Math.random() * maxPrompt));
  const end = T - Math.floor(Math.random() * (T / 4));
  while (s.length < end) s += Math.random() < 0.5 && s.length + 1 < end ? 'RA' : 'A';
  return s.slice(0, T).padEnd(T, '.');
}

export interface AttentionData {
  q: Float32Array<ArrayBuffer>;
  k: Float32Array<ArrayBuffer>;
  v: Float32Array<ArrayBuffer>;
  dOut: Float32Array<ArrayBuffer>;
  kinds: Uint32Array<ArrayBuffer>;
  promptLen: Uint32Array<ArrayBuffer>;
}

export function randomData(s: AttentionShape, layouts: string[], scale = 1): AttentionData {
  const n = s.B * s.T * s.nHeads * s.headDim;
  return { q: randomFloats(n, scale), k: randomFloats(n, scale), v: randomFloats(n), dOut: randomFloats(n), ...kindsOf(layouts) };
}

export interface AttentionResult {
  out: ArrayLike<number>;
  stats: ArrayLike<number>;
  dq: ArrayLike<number>;
  dk: ArrayLike<number>;
  dv: ArrayLike<number>;
}

/** Float64 attention forward and backward; stats = logsumexp of the scaled scores (0 for a query seeing nothing). */
export function attentionReference(s: AttentionShape, d: AttentionData): AttentionResult & { probs: Float64Array } {
  const { B, T, nHeads: nh, headDim: hd } = s;
  const C = nh * hd, scale = 1 / Math.sqrt(hd);
  const out = new Float64Array(B * T * C), dq = new Float64Array(B * T * C), dk = new Float64Array(B * T * C), dv = new Float64Array(B * T * C);
  const stats = new Float64Array(B * nh * T), probs = new Float64Array(B * nh * T * T);
  const dot = (x: ArrayLike<number>, xo: number, y: ArrayLike<number>, yo: number) => {
    let r = 0;
    for (let i = 0; i < hd; i++) r += x[xo + i] * y[yo + i];
    return r;
  };
  for (let b = 0; b < B; b++) {
    for (let h = 0; h < nh; h++) {
      for (let i = 0; i < T; i++) {
        const seen: number[] = [];
        for (let j = 0; j < T; j++) if (canAttend(d.kinds, b * T, i, j)) seen.push(j);
        if (!seen.length) continue;
        const qo = (b * T + i) * C + h * hd, row = ((b * nh + h) * T + i) * T;
        const sc = seen.map((j) => dot(d.q, qo, d.k, (b * T + j) * C + h * hd) * scale);
        const max = Math.max(...sc);
        const e = sc.map((x) => Math.exp(x - max));
        const sum = e.reduce((a, x) => a + x, 0);
        stats[(b * nh + h) * T + i] = max + Math.log(sum);
        seen.forEach((j, n) => {
          probs[row + j] = e[n] / sum;
          for (let c = 0; c < hd; c++) out[qo + c] += probs[row + j] * d.v[(b * T + j) * C + h * hd + c];
        });
        const D = dot(d.dOut, qo, out, qo);
        for (const j of seen) {
          const ko = (b * T + j) * C + h * hd, p = probs[row + j];
          const ds = p * (dot(d.dOut, qo, d.v, ko) - D) * scale;
          for (let c = 0; c < hd; c++) {
            dq[qo + c] += ds * d.k[ko + c];
            dk[ko + c] += ds * d.q[qo + c];
            dv[ko + c] += p * d.dOut[qo + c];
          }
        }
      }
    }
  }
  return { out, stats, dq, dk, dv, probs };
}

/** Runs forward and backward in one submission on poisoned outputs; optionally the probabilities of (b, head). */
export async function runAttention(ctx: GpuContext, s: AttentionShape, d: AttentionData, options: AttentionOptions = {}, probsOf?: [number, number]) {
  const attention = await createAttention(ctx, s, options);
  const bufs = ctx.buffers;
  const n = d.q.length, perHead = s.B * s.nHeads * s.T;
  const input = { q: bufs.upload('q', d.q), k: bufs.upload('k', d.k), v: bufs.upload('v', d.v), dOut: bufs.upload('dOut', d.dOut), kinds: bufs.upload('kinds', d.kinds), promptLen: bufs.upload('promptLen', d.promptLen) };
  const output = { out: bufs.create('out', n * 4), stats: bufs.create('stats', perHead * 4), dq: bufs.create('dq', n * 4), dk: bufs.create('dk', n * 4), dv: bufs.create('dv', n * 4), probs: bufs.create('probs', s.T * s.T * 4) };
  for (const buf of Object.values(output)) poisonBuffer(ctx, buf);
  const all = { ...input, ...output };
  const rec = new Recorder(ctx);
  for (const dispatch of [...attention.bindForward(all), ...attention.bindBackward(all), ...(probsOf ? attention.bindProbabilities(all, ...probsOf) : [])]) rec.dispatch(dispatch);
  rec.submit();
  const result = {
    out: await readFloat32(ctx, output.out, 0, n),
    stats: await readFloat32(ctx, output.stats, 0, perHead),
    dq: await readFloat32(ctx, output.dq, 0, n),
    dk: await readFloat32(ctx, output.dk, 0, n),
    dv: await readFloat32(ctx, output.dv, 0, n),
    probs: await readFloat32(ctx, output.probs, 0, s.T * s.T),
  };
  for (const buf of Object.values(all)) bufs.destroy(buf);
  attention.destroy();
  return result;
}
