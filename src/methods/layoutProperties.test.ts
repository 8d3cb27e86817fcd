// Properties of the layouts over many random examples and methods (seeded, so failures replay).
import { describe, expect, it } from 'vitest';
import { TokenKind } from '../model/batch';
import { defaultModelConfig } from '../model/config';
import { maskLists } from '../mutor/mask';
import { packBatch } from '../mutor/packBatch';
import type { SequenceLayout } from '../mutor/sequence';
import { createRng, type Rng } from '../util/random';
import type { Placement } from './knobs';
import { layoutSequence } from './layout';
import { layoutGrid2D } from './mutor2d/grid2d';
import { modelConfigFor } from './params';
import { methodConfig, methodOf, type MethodConfig } from './registry';

const groupCoefficients = (m: MethodConfig) => methodOf(m.kind).groupCoefficients(m);
const drawOffset = (m: MethodConfig, rng: Rng) => methodOf(m.kind).offsets!.draw(m, rng);

const V = defaultModelConfig.vocabSize;
const ids = (rng: Rng, n: number) => Array.from({ length: n }, () => 4 + rng.int(V - 4));

function randomCase(rng: Rng) {
  const example = { prompt: ids(rng, 1 + rng.int(6)), answer: ids(rng, 1 + rng.int(9)) };
  const placements: Placement[] = ['all', 'everyK', 'fraction'];
  const method = methodConfig('mutor', {
    dMax: 1 + rng.int(6),
    alpha: rng.next(),
    placement: placements[rng.int(3)],
    placementK: 1 + rng.int(4),
    placementFraction: 0.1 + 0.9 * rng.next(),
    registersInPrompt: rng.int(2) === 1,
    perOffsetEmbeddings: rng.int(2) === 1,
  });
  const d = drawOffset(method, rng);
  return { example, method, d, layout: layoutSequence(example, method, d, V, rng) };
}

const regularIndices = (l: SequenceLayout) => l.kinds.flatMap((k, i) => (k === TokenKind.register ? [] : [i]));
const pick = <T>(xs: T[], at: number[]) => at.map((i) => xs[i]);

describe('1D layout properties (500 random cases)', () => {
  const rng = createRng(2024);
  const cases = Array.from({ length: 500 }, () => randomCase(rng));

  it('regular tokens keep positions 0..N-1 in order', () => {
    for (const { example, layout } of cases) {
      const N = example.prompt.length + example.answer.length;
      expect(pick(layout.positions, regularIndices(layout))).toEqual(Array.from({ length: N }, (_, t) => [t]));
    }
  });

  it('removing the registers gives exactly the NTP sequence', () => {
    for (const { example, layout } of cases) {
      const ntp = layoutSequence(example, methodConfig('ntp'), 0, V);
      const keep = regularIndices(layout);
      expect(pick(layout.inputIds, keep)).toEqual(ntp.inputIds);
      expect(pick(layout.kinds, keep)).toEqual(ntp.kinds);
      expect(pick(layout.positions, keep)).toEqual(ntp.positions);
      expect(pick(layout.heads[0].targets, keep)).toEqual(ntp.heads[0].targets);
      expect(pick(layout.heads[0].weights, keep)).toEqual(ntp.heads[0].weights);
      expect(pick(layout.heads[0].groups, keep)).toEqual(ntp.heads[0].groups);
    }
  });

  it('each register follows its source and predicts the regular token d steps after it, at position t+d-1 (clamped)', () => {
    for (const { example, method, d, layout } of cases) {
      const regular = regularIndices(layout), N = regular.length;
      const registerIndices = layout.kinds.flatMap((k, i) => (k === TokenKind.register ? [i] : []));
      expect(layout.registers.map((r) => r.index)).toEqual(registerIndices);
      for (const r of layout.registers) {
        const t = regular.indexOf(r.source);
        expect(r.index).toBe(r.source + 1);
        expect(r.offset).toBe(d);
        expect(r.target).toBe(t + d < N ? regular[t + d] : -1);
        expect(layout.heads[0].targets[r.index]).toBe(t + d < N ? layout.inputIds[regular[t + d]] : -1);
        expect(layout.heads[0].weights[r.index]).toBe(t + d < N ? 1 : 0);
        expect(layout.heads[0].groups[r.index]).toBe(1);
        expect(layout.positions[r.index]).toEqual([Math.min(t + d - 1, N - 1)]);
        expect(layout.inputIds[r.index]).toBe(V + (method.perOffsetEmbeddings ? d - 1 : 0));
        if (!method.registersInPrompt) expect(t).toBeGreaterThanOrEqual(example.prompt.length - 1);
      }
    }
  });

  it('mask: no regular query sees a register; a register sees the regular tokens before it and itself only', () => {
    for (const { method, layout } of cases) {
      const b = packBatch([layout], groupCoefficients(method), { ...modelConfigFor(defaultModelConfig, method), maxLen: 256 });
      const lists = maskLists(b, 0);
      layout.kinds.forEach((kind, q) => {
        const keys = lists[q];
        if (kind === TokenKind.register) {
          const want = layout.kinds.flatMap((k, i) => ((i < q && k !== TokenKind.register) || i === q ? [i] : []));
          expect(keys).toEqual(want);
        } else {
          expect(keys.some((k) => layout.kinds[k] === TokenKind.register)).toBe(false);
        }
        if (kind === TokenKind.prompt) expect(keys).toEqual(layout.kinds.flatMap((k, i) => (k === TokenKind.prompt ? [i] : [])));
      });
    }
  });

  it('group coefficients are [1-a, a] for mutor and sum to 1', () => {
    for (const { method } of cases) {
      expect(groupCoefficients(method)).toEqual([1 - method.alpha, method.alpha]);
    }
    expect(groupCoefficients(methodConfig('ntp'))).toEqual([1]);
    expect(groupCoefficients(methodConfig('multiTokenHeads', { dMax: 1 }))).toEqual([1]);
  });

  it('sparse layouts are subsets of the dense one with the same d', () => {
    // A register described by its source's regular index t: [t, target id, position].
    const described = (l: SequenceLayout) => l.registers.map((r) => {
      const t = regularIndices(l).indexOf(r.source);
      return [t, l.heads[0].targets[r.index], l.positions[r.index][0]];
    });
    for (const { example, method, d, layout } of cases) {
      const dense = described(layoutSequence(example, { ...method, placement: 'all' }, d, V));
      for (const reg of described(layout)) expect(dense).toContainEqual(reg);
    }
  });
});

describe('Multi-Token heads targets (200 random cases)', () => {
  it('head h at regular t predicts x_{t+h+1} for t >= Q-1; group 0 for head 0, 1 for the others', () => {
    const rng = createRng(7);
    for (let n = 0; n < 200; n++) {
      const example = { prompt: ids(rng, 1 + rng.int(5)), answer: ids(rng, 1 + rng.int(8)) };
      const method: MethodConfig = methodConfig('multiTokenHeads', { dMax: 1 + rng.int(5) });
      const l = layoutSequence(example, method, 0, V);
      const x = [...example.prompt, ...example.answer], Q = example.prompt.length;
      expect(l.heads).toHaveLength(method.dMax);
      l.heads.forEach((head, h) => {
        x.forEach((_, t) => {
          const valid = t >= Q - 1 && t + h + 1 < x.length;
          expect(head.targets[t]).toBe(valid ? x[t + h + 1] : -1);
          expect(head.weights[t]).toBe(valid ? 1 : 0);
          expect(head.groups[t]).toBe(valid && h > 0 ? 1 : 0);
        });
      });
    }
  });
});

describe('2D layout properties (300 random grids)', () => {
  it('regular tokens at their cells; a register after (r,c) predicts (r+dh-1, c+dw-1) = source + d, at the position before it', () => {
    const rng = createRng(11);
    for (let n = 0; n < 300; n++) {
      const h = 1 + rng.int(5), w = 1 + rng.int(5), D = 2 + rng.int(3), Q = 1 + rng.int(3);
      const l = layoutGrid2D({ prompt: ids(rng, Q), answer: ids(rng, h * w) }, { h, w, D }, V, rng);
      const regular = regularIndices(l);
      const cell = (t: number) => (t < Q ? [0, -1] : [Math.floor((t - Q) / w), (t - Q) % w]);
      regular.forEach((i, t) => expect(l.positions[i]).toEqual(t < Q ? [0, 0] : cell(t)));
      expect(l.registers).toHaveLength(h * w);
      for (const r of l.registers) {
        const t = regular.indexOf(r.source), [sr, sc] = cell(t);
        const tr = sr + l.dh - 1, tc = sc + l.dw - 1, inside = tr < h && tc >= 0 && tc < w;
        expect(r.target).toBe(inside ? regular[t + l.d] : -1);
        if (inside) expect(cell(t + l.d)).toEqual([tr, tc]);
        expect(l.positions[r.index]).toEqual(inside ? l.positions[regular[t + l.d - 1]] : [h - 1, w - 1]);
        expect(l.heads[0].weights[r.index]).toBe(inside ? 1 : 0);
      }
    }
  });
});
