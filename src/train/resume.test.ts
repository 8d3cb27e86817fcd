// A run stopped at a checkpoint, its engine destroyed, and resumed in a new TrainingRun is bit-identical to a run
// never interrupted on the same adapter: every parameter bit, every logged loss, every evaluation; with LoRA too
// (its AdamW moments are the trained tensors' only).
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { presetById } from '../experiment/presets';
import { scratchModel } from './baseModel';
import { trainToEnd, type LoopCheckpoint, type RunResult } from './loop';
import { TrainingRun } from './run';

// 20 steps of 4 of the 64 train examples: the second kill (step 17) falls just past an epoch boundary (16).
const exp = { ...structuredClone(presetById('tiny')!.config), steps: 20, evalEvery: 5, evalSize: 4 };
const withLora = { ...exp, lora: { rank: 2, alpha: 4, mlp: true } };
const base = scratchModel(exp.seed);

/** Trains from `resume` (or the start) until a checkpoint at step `killAt` (or the end); the run is destroyed either way. */
async function train(resume?: LoopCheckpoint, killAt = 0, e = exp): Promise<{ result?: RunResult; checkpoint?: LoopCheckpoint; params?: Float32Array }> {
  const run = await TrainingRun.create(await testContext(), e, 'mutor', base, { resume });
  let checkpoint: LoopCheckpoint | undefined;
  try {
    const result = await trainToEnd(run, {
      metricsEvery: 1,
      resume: resume?.header.progress,
      checkpointEvery: killAt,
      onCheckpoint: (c) => {
        checkpoint = c;
        if (c.header.step === killAt) throw new Error('killed');
      },
    });
    return { result, params: await run.parameters() };
  } catch (e) {
    if (!(e instanceof Error && e.message === 'killed')) throw e;
    return { checkpoint: structuredClone(checkpoint) };
  } finally {
    run.destroy();
  }
}

const bits = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);
const losses = (r: RunResult) => r.steps.map((s) => [s.step, s.loss, s.ntpLoss, s.auxLoss, s.lr]);

describe('resuming a run from a checkpoint', { timeout: 300_000 }, () => {
  it.each([['fully fine-tuned', exp], ['through LoRA adapters', withLora]] as const)('%s: gives the same parameter bits, losses and evaluations as a run never interrupted', async (_name, e) => {
    const straight = await train(undefined, 0, e);
    const first = await train(undefined, 6, e);
    expect(first.checkpoint?.header.step).toBe(6);
    const second = await train(first.checkpoint, 17, e);
    expect(second.checkpoint?.header.step).toBe(17);
    // The divergence check keeps judging against the run's first loss, not the first one after a resume.
    expect(first.checkpoint?.header.numerics?.loss).toBeGreaterThan(0);
    expect(second.checkpoint?.header.numerics).toEqual(first.checkpoint?.header.numerics);
    const resumed = await train(second.checkpoint, 0, e);
    expect(resumed.result!.steps.length).toBe(20);
    expect(losses(resumed.result!)).toEqual(losses(straight.result!));
    expect(resumed.result!.evals).toEqual(straight.result!.evals);
    expect(resumed.result!.generations).toEqual(straight.result!.generations);
    expect(resumed.result!.summary.tokens).toBe(straight.result!.summary.tokens);
    expect(bits(resumed.params!)).toEqual(bits(straight.params!));
  });

  it('refuses a checkpoint of another method or experiment', async () => {
    const { checkpoint } = await train(undefined, 1);
    const ctx = await testContext();
    await expect(TrainingRun.create(ctx, exp, 'ntp', base, { resume: checkpoint })).rejects.toThrow(/a mutor run, not ntp/);
    await expect(TrainingRun.create(ctx, { ...exp, seed: 9 }, 'mutor', base, { resume: checkpoint })).rejects.toThrow(/another experiment: it has the defaults where this one has seed=9 \(the seed, steps and every setting must match\)/);
  });
});
