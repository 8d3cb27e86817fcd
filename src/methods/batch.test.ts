import { describe, expect, it } from 'vitest';
import { checkBatch, TokenKind } from '../model/batch';
import { defaultModelConfig } from '../model/config';
import { maskLists } from '../mutor/mask';
import { buildInferenceBatch, packBatch } from '../mutor/packBatch';
import { createRng } from '../util/random';
import { buildBatch } from './layout';
import { layoutGrid2D } from './mutor2d/grid2d';
import { modelConfigFor } from './params';
import { methodConfig, methodOf } from './registry';

const V = defaultModelConfig.vocabSize, R = V;
const short = { prompt: [1, 10], answer: [20, 2] }; // Q 2, A 2 -> 6 tokens with registers
const long = { prompt: [1, 10, 11], answer: [20, 21, 2] }; // Q 3, A 3 -> 9 tokens
const mutor = methodConfig('mutor');
const config = modelConfigFor(defaultModelConfig, mutor);

describe('buildBatch', () => {
  it('pads sequences of unequal length to the longest, pads inert', () => {
    const b = buildBatch([short, long], mutor, config, createRng(1), { d: 1 });
    checkBatch(b, 1, 1);
    expect([b.B, b.T]).toEqual([2, 9]);
    expect([...b.inputIds.subarray(0, 9)]).toEqual([1, 10, R, 20, R, 2, 0, 0, 0]);
    expect([...b.kinds.subarray(0, 9)]).toEqual([1, 1, 3, 2, 3, 2, 0, 0, 0]);
    expect([...b.positions.subarray(0, 9)]).toEqual([0, 1, 1, 2, 2, 3, 0, 0, 0]);
    expect([...b.targets.subarray(0, 9)]).toEqual([-1, 20, 20, 2, 2, -1, -1, -1, -1]);
    expect([...b.weights.subarray(0, 9)]).toEqual([0, 1, 1, 1, 1, 0, 0, 0, 0]);
    expect([...b.lossGroups.subarray(0, 9)]).toEqual([0, 0, 1, 0, 1, 0, 0, 0, 0]);
    expect([...b.inputIds.subarray(9)]).toEqual([1, 10, 11, R, 20, R, 21, R, 2]);
    expect([...b.promptLen]).toEqual([2, 3]);
    expect(b.groupCoefficients).toEqual([0.7, 0.3]);
    expect(maskLists(b, 0)[6]).toEqual([]); // a pad query sees nothing
  });

  it('pads to a given T and refuses one too short or past maxLen', () => {
    expect(buildBatch([short], mutor, config, createRng(1), { T: 12 }).T).toBe(12);
    expect(() => buildBatch([long], mutor, config, createRng(1), { T: 5 })).toThrow(/shorter/);
    expect(() => buildBatch([long], mutor, { ...config, maxLen: 8 }, createRng(1))).toThrow(/maxLen/);
  });

  it('draws d per sequence from {dMin..dMax} (2..dMax for the star-graph variant), reproducibly', () => {
    const star = methodConfig('mutor', { dMin: 2, dMax: 4 });
    const r = createRng(9), seen = new Set<number>();
    for (let i = 0; i < 300; i++) seen.add(methodOf('mutor').offsets!.draw(star, r));
    expect([...seen].sort()).toEqual([2, 3, 4]);
    const examples = Array.from({ length: 8 }, () => long);
    expect(buildBatch(examples, mutor, config, createRng(4))).toEqual(buildBatch(examples, mutor, config, createRng(4)));
  });

  it('ntp has one loss group with coefficient 1 and no registers', () => {
    const ntp = methodConfig('ntp');
    const b = buildBatch([long], ntp, modelConfigFor(defaultModelConfig, ntp), createRng(1));
    expect(b.groupCoefficients).toEqual([1]);
    expect([...b.kinds]).not.toContain(TokenKind.register);
    expect(() => buildBatch([long], mutor, modelConfigFor(defaultModelConfig, ntp), createRng(1))).toThrow(/register rows/);
  });

  it('multiTokenHeads lays head h at [(h*B + b)*T + t], coefficients [1-a, a]', () => {
    const heads = methodConfig('multiTokenHeads', { dMax: 3, alpha: 0.4 });
    const b = buildBatch([short, long], heads, modelConfigFor(defaultModelConfig, heads), createRng(1));
    checkBatch(b, 3, 1);
    const at = (h: number, s: number) => [...b.targets.subarray((h * 2 + s) * b.T, (h * 2 + s + 1) * b.T)];
    expect(at(0, 1)).toEqual([-1, -1, 20, 21, 2, -1]);
    expect(at(1, 1)).toEqual([-1, -1, 21, 2, -1, -1]);
    expect(at(2, 1)).toEqual([-1, -1, 2, -1, -1, -1]);
    expect(at(2, 0)).toEqual([-1, -1, -1, -1, -1, -1]);
    expect(b.groupCoefficients).toEqual([0.6, 0.4]);
  });

  it('a 2D grid batch carries [row, col] per token', () => {
    const cfg = { ...config, ropeMode: '2d' as const };
    const l = layoutGrid2D({ prompt: [1, 5], answer: [30, 31, 32, 33] }, { h: 2, w: 2, D: 2 }, V, createRng(1), { offset: [2, 1] });
    const b = packBatch([l], [0.7, 0.3], cfg);
    checkBatch(b, 1, 2);
    expect([...b.positions.subarray(0, 8)]).toEqual([0, 0, 0, 0, 1, 1, 0, 0]); // BOS, class, R(-), (0,0)
    expect(() => packBatch([l], [0.7, 0.3], config)).toThrow(/position components/);
  });
});

describe('buildInferenceBatch', () => {
  it('prompts only, kind prompt, no targets, bidirectional prefix', () => {
    const b = buildInferenceBatch([[1, 10, 11], [1, 10]], config);
    expect([...b.kinds]).toEqual([1, 1, 1, 1, 1, 0]);
    expect([...b.positions]).toEqual([0, 1, 2, 0, 1, 0]);
    expect([...b.targets].every((t) => t === -1)).toBe(true);
    expect([...b.promptLen]).toEqual([3, 2]);
    expect(maskLists(b, 0)[0]).toEqual([0, 1, 2]);
  });
});
