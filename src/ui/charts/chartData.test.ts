import { describe, expect, it } from 'vitest';
import { emaSmooth, joinSeries, logSplits, niceLog } from './chartData';

describe('joinSeries', () => {
  it('aligns runs with different steps on one sorted x column', () => {
    const t = joinSeries([
      { xs: [1, 2, 4], ys: [3, 2, 1] },
      { xs: [2, 3], ys: [5, null] },
    ]);
    expect(t).toEqual([
      [1, 2, 3, 4],
      [3, 2, null, 1],
      [null, 5, null, null],
    ]);
  });
  it('drops non-finite values, and non-positive ones for log scales', () => {
    const t = joinSeries([{ xs: [1, 2, 3], ys: [0, Number.NaN, 2] }], { positiveOnly: true });
    expect(t[1]).toEqual([null, null, 2]);
  });
  it('handles no series', () => {
    expect(joinSeries([])).toEqual([[]]);
  });
});

describe('emaSmooth', () => {
  it('is the identity at weight 0 and debiased from the first point', () => {
    expect(emaSmooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    const s = emaSmooth([4, 4, 4], 0.9);
    s.forEach((v) => expect(v).toBeCloseTo(4));
  });
  it('smooths a step towards the new level and passes nulls through', () => {
    const s = emaSmooth([0, 0, null, 10, 10, 10], 0.5);
    expect(s[2]).toBeNull();
    expect(s[3]!).toBeGreaterThan(0);
    expect(s[3]!).toBeLessThan(10);
    expect(s[5]!).toBeGreaterThan(s[3]!);
  });
});

describe('niceLog', () => {
  it('rounds to 1, 2, 5 times a power of ten', () => {
    expect(niceLog(0.31, 'down')).toBe(0.2);
    expect(niceLog(3.2, 'up')).toBe(5);
    expect(niceLog(2, 'down')).toBe(2);
    expect(niceLog(2, 'up')).toBe(2);
    expect(niceLog(6, 'up')).toBe(10);
    expect(niceLog(0.0013, 'down')).toBe(0.001);
  });
});

describe('logSplits', () => {
  it('puts ticks at 1, 2, 5 times powers of ten inside the range', () => {
    expect(logSplits(0.2, 5)).toEqual([0.2, 0.5, 1, 2, 5]);
    expect(logSplits(0.01, 10)).toEqual([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10]);
  });
  it('adds in-between ticks on a narrow range', () => {
    expect(logSplits(1, 2)).toEqual([1, 2]);
    expect(logSplits(2, 5)).toEqual([2, 3, 4, 5]);
    expect(logSplits(0, 5)).toEqual([]);
  });
});
