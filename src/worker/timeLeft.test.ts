import { describe, expect, it } from 'vitest';
import { evaluationsBetween, secondsLeft, type RunPace } from './timeLeft';

describe('time left', () => {
  it('counts the evaluations still to come, the last step included once', () => {
    expect(evaluationsBetween(3, 20, 10, 20)).toBe(2);
    expect(evaluationsBetween(10, 20, 10, 20)).toBe(1);
    expect(evaluationsBetween(0, 25, 10, 25)).toBe(3); // 10, 20 and the last step
    expect(evaluationsBetween(20, 20, 10, 20)).toBe(0);
  });

  it('adds the steps and evaluations of every run training in turn until the target ends', () => {
    const pace = (step: number, totalSteps: number): RunPace => ({ step, totalSteps, evalEvery: 10, stepMs: 500, evalMs: 4000 });
    const a = pace(3, 20);
    // alone: 17 steps and 2 evaluations
    expect(secondsLeft(a, [a])).toBeCloseTo(17 * 0.5 + 2 * 4);
    // beside a run 5 steps from its end: that one adds 5 steps and its final evaluation
    const b = pace(15, 20);
    expect(secondsLeft(a, [a, b])).toBeCloseTo(17 * 0.5 + 2 * 4 + 5 * 0.5 + 4);
    // the short run is done after 5 rounds: the long one takes 5 steps meanwhile (no evaluation among them)
    expect(secondsLeft(b, [a, b])).toBeCloseTo(2 * (5 * 0.5) + 4);
  });
});
