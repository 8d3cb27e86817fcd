// Conventions of the layer math, against hand computations (the gradient check cannot catch a consistently wrong
// forward): RoPE rotate-half pairing and frequencies (1D and 2D), RMSNorm, masked attention, SwiGLU, embedding rows.
import { describe, expect, it } from 'vitest';
import { TokenKind } from '../model/batch';
import type { RunModelConfig } from '../model/methodTensors';
import { buildLayout } from '../model/layout';
import { attentionForward } from './attention';
import { embeddingForward } from './embedding';
import { rmsnormForward, swigluForward } from './linear';
import { tensorView } from './params';
import { ropeApply } from './rope';
import { createRng } from '../util/random';

function config(dModel: number, nHeads: number, ropeMode: '1d' | '2d'): RunModelConfig {
  return {
    vocabSize: 5, dModel, nLayers: 1, nHeads, dFF: 3, maxLen: 64, tieEmbeddings: true, ropeTheta: 10000, ropeMode,
    normEps: 1e-5, methodTensors: { registerRows: 2, outputHeads: 1 },
  };
}

const rot = (a: number, b: number, angle: number): [number, number] =>
  [a * Math.cos(angle) - b * Math.sin(angle), b * Math.cos(angle) + a * Math.sin(angle)];

describe('RoPE', () => {
  it('1D rotates pairs (i, i + hd/2) by pos * theta^(-2i/hd), per head', () => {
    const c = config(8, 2, '1d'); // hd 4: pairs (0,2) freq 1 and (1,3) freq 10000^(-1/2) = 0.01
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    ropeApply(c, x, Int32Array.from([3]), 1, false);
    const [a0, a2] = rot(1, 3, 3), [a1, a3] = rot(2, 4, 0.03), [b0, b2] = rot(5, 7, 3), [b1, b3] = rot(6, 8, 0.03);
    const want = [a0, a1, a2, a3, b0, b1, b2, b3];
    want.forEach((w, i) => expect(x[i]).toBeCloseTo(w, 14));
  });

  it('2D rotates the first half of each head by the row, the second half by the column', () => {
    const c = config(8, 1, '2d'); // hd 8, halves of 4: pairs (0,2),(1,3) by row; (4,6),(5,7) by col; freqs 1, 0.01
    const x = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    ropeApply(c, x, Int32Array.from([2, 5]), 1, false);
    const [r0, r2] = rot(1, 3, 2), [r1, r3] = rot(2, 4, 0.02), [c0, c2] = rot(5, 7, 5), [c1, c3] = rot(6, 8, 0.05);
    [r0, r1, r2, r3, c0, c1, c2, c3].forEach((w, i) => expect(x[i]).toBeCloseTo(w, 14));
  });

  it.each(['1d', '2d'] as const)('%s: q·k depends only on the position difference; inverse undoes it', (mode) => {
    const c = config(16, 2, mode), P = mode === '2d' ? 2 : 1, rng = createRng(5);
    const q = Float64Array.from({ length: 16 }, () => rng.normal()), k = Float64Array.from({ length: 16 }, () => rng.normal());
    const dot = (pq: number[], pk: number[]) => {
      const a = q.slice(), b = k.slice();
      ropeApply(c, a, Int32Array.from(pq), 1, false);
      ropeApply(c, b, Int32Array.from(pk), 1, false);
      return a.slice(0, 8).reduce((s, v, i) => s + v * b[i], 0); // head 0
    };
    const p1 = P === 1 ? [7] : [7, 2], k1 = P === 1 ? [3] : [1, 9];
    const p2 = P === 1 ? [12] : [11, 5], k2 = P === 1 ? [8] : [5, 12];
    expect(dot(p1, k1)).toBeCloseTo(dot(p2, k2), 12);
    expect(Math.abs(dot(p1, k1) - dot(p1, p1))).toBeGreaterThan(1e-3); // positions matter at all
    const a = q.slice();
    ropeApply(c, a, Int32Array.from(p1), 1, false);
    ropeApply(c, a, Int32Array.from(p1), 1, true);
    a.forEach((v, i) => expect(v).toBeCloseTo(q[i], 14));
  });
});

describe('RMSNorm, SwiGLU, embedding', () => {
  it('RMSNorm divides by sqrt(mean(x²) + eps) and multiplies by the gain', () => {
    const { y, rinv } = rmsnormForward(Float64Array.from([3, 4]), Float64Array.from([1, 2]), 1, 2, 0.5);
    const r = 1 / Math.sqrt(12.5 + 0.5);
    expect(rinv[0]).toBeCloseTo(r, 15);
    expect(y[0]).toBeCloseTo(3 * r, 15);
    expect(y[1]).toBeCloseTo(8 * r, 15);
  });

  it('SwiGLU is silu(gate) * up', () => {
    const h = swigluForward(Float64Array.from([1, -2]), Float64Array.from([2, 3]));
    expect(h[0]).toBeCloseTo(2 / (1 + Math.exp(-1)), 15);
    expect(h[1]).toBeCloseTo((3 * -2) / (1 + Math.exp(2)), 15);
  });

  it('ids >= V select register rows id - V', () => {
    const c = config(4, 1, '1d'), layout = buildLayout(c);
    const params = Float64Array.from({ length: layout.totalSize }, (_, i) => i);
    const x = embeddingForward(c, params, layout, Int32Array.from([2, 5, 6]));
    expect(Array.from(x.subarray(0, 4))).toEqual(Array.from(tensorView(params, layout, 'tokenEmbedding').subarray(8, 12)));
    expect(Array.from(x.subarray(4, 8))).toEqual(Array.from(tensorView(params, layout, 'registerEmbedding').subarray(0, 4)));
    expect(Array.from(x.subarray(8, 12))).toEqual(Array.from(tensorView(params, layout, 'registerEmbedding').subarray(4, 8)));
  });
});

describe('attention', () => {
  const kinds = Uint32Array.from([TokenKind.prompt, TokenKind.prompt, TokenKind.answer, TokenKind.register, TokenKind.pad]);
  const shape = { B: 1, T: 5, nh: 1, hd: 2 };
  const v = Float64Array.from([1, 10, 2, 20, 4, 40, 8, 80, 16, 160]);

  it('softmax(q·k / sqrt(hd)) over the visible keys only; pads get 0', () => {
    const q = Float64Array.from([0, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    const k = Float64Array.from([0, 0, 2, 0, 0, 0, 5, 5, 9, 9]);
    const { y } = attentionForward(q, k, v, kinds, shape);
    // prompt 0: keys {0, 1} with q = 0 -> uniform
    expect(y[0]).toBeCloseTo(1.5, 15);
    // prompt 1: keys {0, 1}, scores [0, 2/√2]
    const e = Math.exp(Math.SQRT2);
    expect(y[2]).toBeCloseTo((1 + 2 * e) / (1 + e), 14);
    // answer 2: keys {0, 1, 2}, scores [0, √2, 0]
    expect(y[4]).toBeCloseTo((1 + 2 * e + 4) / (2 + e), 14);
    // register 3: keys {0, 1, 2} and itself (score 5/√2), never the pad
    const er = Math.exp(5 / Math.SQRT2);
    expect(y[6]).toBeCloseTo((1 + 2 * e + 4 + 8 * er) / (2 + e + er), 13);
    expect(y[8]).toBe(0);
    expect(y[9]).toBe(0);
  });
});
