import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import type { AttentionSnapshot } from './metrics';
import { attentionFromGrid, attentionGrid, dequantizeProbs, fromBase64, quantizeProbs, toBase64 } from './snapshots';

/** Rows of softmax probabilities over the first q + 1 keys (a causal pattern), T × T. */
function randomRows(rng: ReturnType<typeof createRng>, T: number): Float32Array {
  const p = new Float32Array(T * T);
  for (let q = 0; q < T; q++) {
    const w = Array.from({ length: q + 1 }, () => Math.exp(4 * rng.next()));
    const sum = w.reduce((a, b) => a + b, 0);
    w.forEach((x, k) => (p[q * T + k] = x / sum));
  }
  return p;
}

describe('attention snapshots', () => {
  it('keep every probability within one step of the square-root scale, and rows summing to about 1', () => {
    const rng = createRng(7);
    const T = 23;
    const p = randomRows(rng, T);
    const back = dequantizeProbs(fromBase64(toBase64(quantizeProbs(p))));
    for (let i = 0; i < p.length; i++) {
      expect(Math.abs(Math.sqrt(back[i]) - Math.sqrt(p[i]))).toBeLessThanOrEqual(0.5 / 255 + 1e-7);
      if (p[i] === 0) expect(back[i]).toBe(0);
    }
    for (let q = 0; q < T; q++) expect(back.subarray(q * T, q * T + T).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
  });

  it('refuses NaN and negative probabilities', () => {
    expect(() => quantizeProbs(new Float32Array([0.5, NaN]))).toThrow('attention probability NaN at 1');
    expect(() => quantizeProbs(new Float32Array([-0.1]))).toThrow('attention probability');
  });

  it('round-trips base64 of every byte value, longer than one chunk', () => {
    const bytes = new Uint8Array(70_001).map((_, i) => (i * 7919) % 256);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });

  it('gives back each layer and head of a grid, and null outside it', () => {
    const rng = createRng(3);
    const T = 9, L = 3, H = 2;
    const tokens = Array.from({ length: T }, (_, i) => `t${i}`);
    const kinds = tokens.map(() => 'prompt' as const);
    const shots: AttentionSnapshot[] = [];
    for (let layer = 0; layer < L; layer++) for (let head = 0; head < H; head++) shots.push({ layer, head, example: 2, tokens, kinds, probs: randomRows(rng, T) });
    const grid = attentionGrid(3, shots.slice().reverse(), L, H);
    expect(grid).toMatchObject({ d: 3, example: 2, nLayers: L, nHeads: H, tokens });
    for (const s of shots) {
      const got = attentionFromGrid(grid, s.layer, s.head)!;
      expect(got).toMatchObject({ layer: s.layer, head: s.head, example: 2, tokens });
      for (let i = 0; i < T * T; i++) expect(Math.abs(Math.sqrt(got.probs[i]) - Math.sqrt(s.probs[i]))).toBeLessThanOrEqual(0.5 / 255 + 1e-7);
    }
    expect(attentionFromGrid(grid, L, 0)).toBeNull();
    expect(attentionFromGrid(grid, 0, H)).toBeNull();
    expect(() => attentionGrid(3, [shots[0], { ...shots[1], tokens: tokens.slice(1) }], L, H)).toThrow('have 9 and 8 tokens');
  });
});
