import { describe, expect, it } from 'vitest';
import type { StepMetrics } from '../engine/trainingEngine';
import { NumericsGuard } from './numerics';

const metrics = (step: number, loss: number, gradNorm: number, firstNonFiniteStep: number | null = null): StepMetrics => ({
  step, lr: 1, loss: { total: loss, groupMeans: [loss], groupWeights: [1] }, gradNorm, clipScale: 1, firstNonFiniteStep,
});

describe('NumericsGuard', () => {
  it('passes a healthy run, with noise and a slow rise', () => {
    const g = new NumericsGuard(1);
    for (const [i, loss] of [4.15, 3.9, 4.4, 3.2, 6.1, 2.5].entries()) expect(g.check(metrics(i, loss, 3 + i))).toBeNull();
  });

  it("catches issue 14's lr 1 divergence (loss 4.15 -> 46.85) and names the learning rate", () => {
    const g = new NumericsGuard(1);
    expect(g.check(metrics(0, 4.15, 2))).toBeNull();
    expect(g.check(metrics(19, 46.85, 30))).toBe('the loss diverged: 46.85 at step 20, over 3× its first value 4.150: lower the learning rate (lr 1.00)');
  });

  it('judges a resumed run against the reference it started from', () => {
    const g = new NumericsGuard(1);
    expect(g.check(metrics(0, 4.15, 2))).toBeNull();
    const resumed = new NumericsGuard(1, g.reference);
    expect(resumed.check(metrics(30, 13, 2))).toMatch(/^the loss diverged: 13.00 at step 31, over 3× its first value 4.150/);
  });

  it('catches an exploding gradient norm, and suggests clipping when it is off', () => {
    const g = new NumericsGuard(0);
    expect(g.check(metrics(0, 4, 2))).toBeNull();
    expect(g.check(metrics(5, 4, 2500))).toMatch(/^the gradient norm exploded: 2.50e\+3 at step 6, .* or turn gradient clipping \(clip\) on$/);
  });

  it('reports the step the GPU flagged, blaming the base model at step 1 and the learning rate later', () => {
    expect(new NumericsGuard(1).check(metrics(20, NaN, NaN, 0))).toMatch(/at step 1, before any update: the base model's weights/);
    expect(new NumericsGuard(1).check(metrics(20, NaN, NaN, 7))).toBe('the loss or gradient norm became NaN or infinite at step 8: lower the learning rate (lr 1.00)');
  });
});
