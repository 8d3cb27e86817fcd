// Issue 14's numerical faults on a real run (lavapipe): divergence at lr 1 and NaN weights in the base model stop
// the run at a metrics read with a message naming the cause, instead of finishing with exit 0.
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { presetById } from '../experiment/presets';
import { scratchModel } from './baseModel';
import { trainToEnd } from './loop';
import { TrainingRun } from './run';

const tiny = () => {
  const exp = structuredClone(presetById('tiny')!.config);
  exp.runs = ['ntp'];
  return exp;
};

describe('numerical faults stop a run', () => {
  it('at lr 1 the loss diverges and the learning rate is named', async () => {
    const exp = tiny();
    exp.optimizer.lr = 1;
    exp.optimizer.warmupSteps = 0;
    const run = await TrainingRun.create(await testContext(), exp, 'ntp', scratchModel(exp.seed));
    try {
      await expect(trainToEnd(run, { metricsEvery: 2 })).rejects.toThrow(/(loss diverged|gradient norm exploded|became NaN or infinite).*lower the learning rate \(lr/);
    } finally {
      run.destroy();
    }
  });

  it('NaN weights in the base model are flagged at step 1 even when metrics are read later', async () => {
    const exp = tiny();
    const base = scratchModel(exp.seed);
    base.params[3] = NaN; // the token embedding
    const run = await TrainingRun.create(await testContext(), exp, 'ntp', base);
    try {
      await expect(trainToEnd(run, { metricsEvery: 5 })).rejects.toThrow(/at step 1, before any update: the base model's weights/);
      expect(run.step).toBe(5);
    } finally {
      run.destroy();
    }
  });
});
