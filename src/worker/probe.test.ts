// The pre-run probe in Node (Dawn): it times a throwaway run of the experiment and breaks a step down by kernel family.
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { presetById } from '../experiment/presets';
import { kernelFamily } from '../engine/profile';
import { scratchModel } from '../train/baseModel';
import { probeExperiment } from './probe';
import { evalInSteps, experimentSeconds } from './timeLeft';

describe('pre-run probe', () => {
  it('names kernel families as a reader knows them', () => {
    expect(kernelFamily('matmul subgroup8 NN vvv 16x1 2048×172×64 A·B')).toBe('matmul');
    expect(kernelFamily('rmsnormBackward+')).toBe('rmsnorm');
    expect(kernelFamily('attention dk/dv')).toBe('attention');
    expect(kernelFamily('adamwUpdate')).toBe('optimizer (AdamW)');
    expect(kernelFamily('gradClip')).toBe('optimizer (AdamW)');
    expect(kernelFamily('crossEntropyLoss')).toBe('cross-entropy');
  });

  it('estimates the whole experiment from the steps it timed, evaluations included, and breaks a step down', async () => {
    const ctx = await testContext();
    const experiment = structuredClone(presetById('tiny')!.config);
    const report = await probeExperiment(ctx, experiment, scratchModel(experiment.seed));
    expect(report.method).toBe('mutor');
    expect(report.stepMs).toBeGreaterThan(0);
    expect(report.firstStepMs).toBeGreaterThan(report.stepMs);
    // 2 methods × 20 steps, and each method's 2 evaluations at its estimated cost
    const evals = 2 * (evalInSteps(experiment, 'ntp') + evalInSteps(experiment, 'mutor'));
    expect(report.seconds).toBeCloseTo(((2 * 20 + evals) * report.stepMs) / 1000, 6);
    expect(report.seconds).toBeCloseTo(experimentSeconds(experiment, report.stepMs), 9);
    if (ctx.hasTimestamps) {
      const families = report.kernels!.map((k) => k.label);
      expect(families).toEqual(expect.arrayContaining(['matmul', 'attention', 'optimizer (AdamW)']));
      expect(new Set(families).size).toBe(families.length);
      for (const k of report.kernels!) expect(k.ms).toBeGreaterThanOrEqual(0);
    }
  }, 120_000);
});
