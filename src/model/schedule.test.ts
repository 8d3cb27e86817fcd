// learningRateAt (src/model/schedule.ts): warmup, constant, linear and cosine decay to lr·minLrRatio.
import { describe, expect, it } from 'vitest';
import type { LrSchedule } from './schedule';
import { learningRateAt } from './schedule';

const base: LrSchedule = { lr: 1, warmupSteps: 4, totalSteps: 14, schedule: 'linear', minLrRatio: 0.1 };

describe('learningRateAt', () => {
  it.each(['constant', 'linear', 'cosine'] as const)('%s: linear warmup (step + 1) / warmupSteps', (schedule) => {
    const s = { ...base, schedule };
    expect([0, 1, 2, 3].map((t) => learningRateAt(t, s))).toEqual([0.25, 0.5, 0.75, 1]);
  });

  it('constant stays at lr after warmup and ignores minLrRatio', () => {
    for (const t of [4, 9, 14, 100]) expect(learningRateAt(t, { ...base, schedule: 'constant' })).toBe(1);
  });

  it('linear decays from lr to lr·minLrRatio over totalSteps - warmupSteps and stays there', () => {
    expect(learningRateAt(4, base)).toBe(1);
    expect(learningRateAt(9, base)).toBeCloseTo(0.55, 15);
    expect(learningRateAt(14, base)).toBeCloseTo(0.1, 15);
    expect(learningRateAt(50, base)).toBeCloseTo(0.1, 15);
  });

  it('cosine: lr at the start, the midpoint at halfway, the floor at the end, never increasing', () => {
    const s = { ...base, schedule: 'cosine' as const };
    expect(learningRateAt(4, s)).toBe(1);
    expect(learningRateAt(9, s)).toBeCloseTo(0.55, 15);
    expect(learningRateAt(6, s)).toBeCloseTo(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.2)), 15);
    expect(learningRateAt(14, s)).toBeCloseTo(0.1, 15);
    for (let t = 4; t < 20; t++) expect(learningRateAt(t + 1, s)).toBeLessThanOrEqual(learningRateAt(t, s));
  });

  it('handles no warmup and totalSteps <= warmupSteps without NaN', () => {
    expect(learningRateAt(0, { ...base, warmupSteps: 0 })).toBe(1);
    for (const t of [0, 3, 4, 5, 10]) expect(Number.isFinite(learningRateAt(t, { ...base, totalSteps: 2 }))).toBe(true);
  });

  it('rejects negative or fractional steps and unknown schedules', () => {
    expect(() => learningRateAt(-1, base)).toThrow();
    expect(() => learningRateAt(1.5, base)).toThrow();
    expect(() => learningRateAt(5, { ...base, schedule: 'step' as never })).toThrow(/schedule/);
  });
});
