import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatLoss, formatPercent, formatPreparing, formatRate } from './format';

describe('format', () => {
  it('losses keep three significant digits and mark missing values', () => {
    expect(formatLoss(2.3141)).toBe('2.31');
    expect(formatLoss(0.04123)).toBe('0.0412');
    expect(formatLoss(0.0001234)).toBe('1.2e-4');
    expect(formatLoss(null)).toBe('—');
    expect(formatLoss(Number.NaN)).toBe('—');
  });
  it('percentages', () => {
    expect(formatPercent(0.425)).toBe('43%');
    expect(formatPercent(0.425, 1)).toBe('42.5%');
    expect(formatPercent(undefined)).toBe('—');
  });
  it('durations read naturally', () => {
    expect(formatDuration(45.2)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(7800)).toBe('2 h 10 min');
    expect(formatDuration(Infinity)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
  it('rates and counts', () => {
    expect(formatRate(0.4213)).toBe('0.42');
    expect(formatRate(3.14)).toBe('3.1');
    expect(formatRate(27.4)).toBe('27');
    expect(formatRate(1234)).toBe('1.2k');
    expect(formatCount(12345)).toBe('12\u2009345');
  });

  it('says how far a start has got: kernels compiled, and matrix kernels timed when the autotune runs', () => {
    expect(formatPreparing({ kernels: { done: 12, total: 40 }, tunings: { done: 0, total: 0 } })).toBe('compiling kernels 12 / 40');
    expect(formatPreparing({ kernels: { done: 30, total: 52 }, tunings: { done: 1, total: 3 } })).toBe('compiling kernels 30 / 52, timing matrix kernels 1 / 3');
  });
});
