import { describe, expect, it } from 'vitest';
import { pairGrid, pairScale } from './offsetPairGridData';

describe('pairGrid', () => {
  it('puts horizonAccuracy[(d_h - 1)·D + d_w - 1] at row d_h, column d_w, with nulls where nothing was measured', () => {
    const grid = pairGrid([0.9, 0.5, 0.4, 0.3, null, NaN, 0.1], 3);
    expect(grid.map((row) => row.map((c) => [c.dh, c.dw, c.k]))).toEqual([
      [[1, 1, 0], [1, 2, 1], [1, 3, 2]],
      [[2, 1, 3], [2, 2, 4], [2, 3, 5]],
      [[3, 1, 6], [3, 2, 7], [3, 3, 8]],
    ]);
    expect(grid.map((row) => row.map((c) => c.accuracy))).toEqual([[0.9, 0.5, 0.4], [0.3, null, null], [0.1, null, null]]);
  });
});

describe('pairScale', () => {
  it('spans the register pairs\' lowest to highest value, (1, 1) left out, at least one point wide, inside [0, 1]', () => {
    expect(pairScale(pairGrid([0.9, 0.5, 0.4, 0.3], 2))).toEqual({ low: 0.3, high: 0.5 });
    const flat = pairScale(pairGrid([0.9, 0.5, 0.5, 0.5], 2))!;
    expect(flat.low).toBeCloseTo(0.495, 12);
    expect(flat.high).toBeCloseTo(0.505, 12);
    expect(pairScale(pairGrid([0, 0, 0, 0], 2))).toEqual({ low: 0, high: 0.01 });
    expect(pairScale(pairGrid([1, 1, 1, 1], 2))).toEqual({ low: 0.99, high: 1 });
    expect(pairScale(pairGrid([0.9, null], 2))).toBeNull();
  });
});
