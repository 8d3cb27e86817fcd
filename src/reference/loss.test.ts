// Grouped weighted cross-entropy against a hand computation, and its input checks.
import { describe, expect, it } from 'vitest';
import type { Batch } from '../model/batch';
import { crossEntropyBackward, crossEntropyForward } from './loss';

// H = 1, B = 1, T = 5, V = 2. Rows:
//   0: logits [0, 0]        target 0  w 1  group 0  -> ce ln 2
//   1: logits [ln 3, 0]     target 0  w 2  group 1  -> ce ln(4/3)
//   2: logits [1, 2]        target -1 w 5  group 0  -> ignored (no target)
//   3: logits [0, ln 3]     target 1  w 3  group 0  -> ce ln(4/3)
//   4: logits [7, -7]       target 1  w 0  group 0  -> ignored (no weight)
function batch(): { b: Batch; logits: Float64Array } {
  const b: Batch = {
    B: 1, T: 5,
    inputIds: new Int32Array(5), positions: new Int32Array(5), kinds: new Uint32Array(5).fill(2),
    promptLen: Uint32Array.from([0]),
    targets: Int32Array.from([0, 0, -1, 1, 1]),
    weights: Float32Array.from([1, 2, 5, 3, 0]),
    lossGroups: Uint32Array.from([0, 1, 0, 0, 0]),
    groupCoefficients: [0.5, 2, 4],
  };
  const logits = Float64Array.from([0, 0, Math.log(3), 0, 1, 2, 0, Math.log(3), 7, -7]);
  return { b, logits };
}

describe('cross-entropy loss', () => {
  it('weighted mean per group, coefficients across groups, empty group 0', () => {
    const { b, logits } = batch();
    const r = crossEntropyForward(logits, b, 2, 1);
    const mean0 = (1 * Math.LN2 + 3 * Math.log(4 / 3)) / 4;
    expect(r.groupWeights).toEqual([4, 2, 0]);
    expect(r.groupMeans[0]).toBeCloseTo(mean0, 15);
    expect(r.groupMeans[1]).toBeCloseTo(Math.log(4 / 3), 15);
    expect(r.groupMeans[2]).toBe(0);
    expect(r.total).toBeCloseTo(0.5 * mean0 + 2 * Math.log(4 / 3), 15);
  });

  it('gradient coef * w / W_g * (softmax - onehot), 0 on ignored rows', () => {
    const { b, logits } = batch();
    const d = crossEntropyBackward(logits, b, 2, 1, crossEntropyForward(logits, b, 2, 1));
    const want = [
      0.5 * (1 / 4) * (0.5 - 1), 0.5 * (1 / 4) * 0.5,
      2 * (2 / 2) * (0.75 - 1), 2 * (2 / 2) * 0.25,
      0, 0,
      0.5 * (3 / 4) * 0.25, 0.5 * (3 / 4) * (0.75 - 1),
      0, 0,
    ];
    want.forEach((w, i) => expect(d[i]).toBeCloseTo(w, 15));
  });

  it('is stable for large logits', () => {
    const { b } = batch();
    const logits = Float64Array.from([1000, 0, 0, 1000, 1, 2, -1000, 1000, 7, -7]);
    const r = crossEntropyForward(logits, b, 2, 1);
    expect(Number.isFinite(r.total)).toBe(true);
    expect(r.groupMeans[1]).toBeCloseTo(1000, 10);
  });

  it('rejects targets outside the vocabulary, weighted groups without a coefficient, bad weights', () => {
    const { b, logits } = batch();
    expect(() => crossEntropyForward(logits, { ...b, targets: Int32Array.from([0, 0, -1, 2, 1]) }, 2, 1)).toThrow(/target/);
    expect(() => crossEntropyForward(logits, { ...b, groupCoefficients: [1] }, 2, 1)).toThrow(/coefficient/);
    expect(() => crossEntropyForward(logits, { ...b, weights: Float32Array.from([1, NaN, 0, 0, 0]) }, 2, 1)).toThrow(/weight/);
  });
});
