// Worked examples of the 1D layout (MUTOR.md), on prompt [10 11 12] (Q = 3) and answer [20 21 22 23] (A = 4):
// regular tokens x0..x6, registers R after x2..x5 (before every answer token).
import { describe, expect, it } from 'vitest';
import { TokenKind } from '../model/batch';
import { createRng } from '../util/random';
import { layoutSequence } from './layout';
import { methodConfig } from './registry';

const V = 64, R = V; // shared register id
const example = { prompt: [10, 11, 12], answer: [20, 21, 22, 23] };
const { prompt: P, answer: A, register: G } = TokenKind;
const mutor = methodConfig('mutor');
const pos = (l: { positions: number[][] }) => l.positions.map((p) => p[0]);

describe('layoutSequence, mutor', () => {
  it('d = 1: a register shares its predecessor position and predicts the next token', () => {
    const l = layoutSequence(example, mutor, 1, V);
    expect(l.inputIds).toEqual([10, 11, 12, R, 20, R, 21, R, 22, R, 23]);
    expect(l.kinds).toEqual([P, P, P, G, A, G, A, G, A, G, A]);
    expect(pos(l)).toEqual([0, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6]);
    expect(l.heads[0].targets).toEqual([-1, -1, 20, 20, 21, 21, 22, 22, 23, 23, -1]);
    expect(l.heads[0].weights).toEqual([0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(l.heads[0].groups).toEqual([0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(l.promptLen).toBe(3);
    expect(l.d).toBe(1);
  });

  it('the last prompt token predicts answer[0] in group 0 (CE_ntp); earlier prompt tokens and the final EOS predict nothing', () => {
    const l = layoutSequence(example, mutor, 2, V);
    expect(l.kinds[2]).toBe(P);
    expect([l.heads[0].targets[2], l.heads[0].weights[2], l.heads[0].groups[2]]).toEqual([20, 1, 0]);
    expect(l.heads[0].weights.slice(0, 2)).toEqual([0, 0]);
    expect(l.heads[0].targets.at(-1)).toBe(-1);
  });

  it('d = 3: register after x_t sits at position t+2 and predicts x_{t+3}; past the end it is clamped to 6 with weight 0', () => {
    const l = layoutSequence(example, mutor, 3, V);
    expect(pos(l)).toEqual([0, 1, 2, 4, 3, 5, 4, 6, 5, 6, 6]);
    expect(l.heads[0].targets).toEqual([-1, -1, 20, 22, 21, 23, 22, -1, 23, -1, -1]);
    expect(l.heads[0].weights).toEqual([0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 0]);
    expect(l.heads[0].groups).toEqual([0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(l.registers).toEqual([
      { index: 3, offset: 3, source: 2, target: 8 },
      { index: 5, offset: 3, source: 4, target: 10 },
      { index: 7, offset: 3, source: 6, target: -1 },
      { index: 9, offset: 3, source: 8, target: -1 },
    ]);
  });

  it('d = 4: only the first register has a target (x6 = EOS), at position 5', () => {
    const l = layoutSequence(example, mutor, 4, V);
    expect(l.registers.map((r) => [l.positions[r.index][0], l.heads[0].targets[r.index]])).toEqual([[5, 23], [6, -1], [6, -1], [6, -1]]);
  });

  it('rejects an offset outside 1..dMax', () => {
    expect(() => layoutSequence(example, mutor, 0, V)).toThrow(/1\.\.4/);
    expect(() => layoutSequence(example, mutor, 5, V)).toThrow(/1\.\.4/);
  });

  it('per-offset embeddings use row d-1', () => {
    const l = layoutSequence(example, methodConfig('mutor', { perOffsetEmbeddings: true }), 3, V);
    expect(l.registers.map((r) => l.inputIds[r.index])).toEqual([V + 2, V + 2, V + 2, V + 2]);
  });

  it('every-k placement keeps slots 0, k, 2k, ...', () => {
    const l = layoutSequence(example, methodConfig('mutor', { placement: 'everyK', placementK: 2 }), 2, V);
    expect(l.inputIds).toEqual([10, 11, 12, R, 20, 21, R, 22, 23]);
    expect(pos(l)).toEqual([0, 1, 2, 3, 3, 4, 5, 5, 6]);
    expect(l.heads[0].targets).toEqual([-1, -1, 20, 21, 21, 22, 23, 23, -1]);
  });

  it('fraction placement draws round(f · slots) slots, reproducibly from the seed', () => {
    const half = methodConfig('mutor', { placement: 'fraction', placementFraction: 0.5 });
    const a = layoutSequence(example, half, 1, V, createRng(7));
    const b = layoutSequence(example, half, 1, V, createRng(7));
    expect(a.registers).toHaveLength(2);
    expect(b).toEqual(a);
    expect(() => layoutSequence(example, half, 1, V)).toThrow(/rng/);
  });

  it('registers in the prompt follow p0..p(Q-2) too and may predict prompt tokens', () => {
    const l = layoutSequence(example, methodConfig('mutor', { registersInPrompt: true }), 2, V);
    expect(l.inputIds).toEqual([10, R, 11, R, 12, R, 20, R, 21, R, 22, R, 23]);
    expect(l.kinds.slice(0, 5)).toEqual([P, G, P, G, P]);
    expect(pos(l).slice(0, 6)).toEqual([0, 1, 1, 2, 2, 3]);
    expect(l.heads[0].targets.slice(0, 6)).toEqual([-1, 12, -1, 20, 20, 21]);
    expect(l.promptLen).toBe(5); // through the last prompt token
  });
});

describe('layoutSequence, other methods', () => {
  it('ntp: the plain sequence, no registers, d reported as 0', () => {
    const l = layoutSequence(example, methodConfig('ntp'), 0, V);
    expect(l.inputIds).toEqual([10, 11, 12, 20, 21, 22, 23]);
    expect(pos(l)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(l.heads[0].targets).toEqual([-1, -1, 20, 21, 22, 23, -1]);
    expect(l.registers).toEqual([]);
    expect(l.d).toBe(0);
  });

  it('multiTokenHeads: head h at x_t predicts x_{t+h+1} from the last prompt token on; extra heads in group 1', () => {
    const l = layoutSequence(example, methodConfig('multiTokenHeads', { dMax: 3 }), 0, V);
    expect(l.heads).toHaveLength(3);
    expect(l.heads[0].targets).toEqual([-1, -1, 20, 21, 22, 23, -1]);
    expect(l.heads[1].targets).toEqual([-1, -1, 21, 22, 23, -1, -1]);
    expect(l.heads[2].targets).toEqual([-1, -1, 22, 23, -1, -1, -1]);
    expect(l.heads[0].groups).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(l.heads[2].groups).toEqual([0, 0, 1, 1, 0, 0, 0]);
    expect(l.heads[2].weights).toEqual([0, 0, 1, 1, 0, 0, 0]);
  });
});
