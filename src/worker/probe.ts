// A short probe of the current experiment on this adapter, before anything trains: a throwaway run of one method
// takes a first step (the pipeline compiles), a few timed steps, and one step with every kernel timed, then is
// destroyed. It gives the experiment's estimated wall time beside the Train button and the GPU panel's breakdown of
// a step by kernel family.
import type { GpuContext } from '../gpu/context';
import type { ExperimentConfig } from '../experiment/schema';
import { byFamily } from '../engine/profile';
import { methodOf } from '../methods/registry';
import type { BaseModel } from '../train/baseModel';
import { TrainingRun } from '../train/run';
import type { ProbeReport } from './methods';
import { experimentSeconds } from './timeLeft';

const TIMED_STEPS = 3;

/** Probes the experiment's register method (the costliest kind of step), or its first. `overhead`: the loop's own cost. */
export async function probeExperiment(ctx: GpuContext, experiment: ExperimentConfig, base: BaseModel, overhead = 1): Promise<ProbeReport> {
  const method = experiment.runs.find((m) => methodOf(m).offsets !== undefined) ?? experiment.runs[0];
  const probe = { ...structuredClone(experiment), steps: TIMED_STEPS + 2 };
  const t0 = performance.now();
  const run = await TrainingRun.create(ctx, probe, method, base);
  try {
    await run.trainStep(true);
    const firstStepMs = performance.now() - t0;
    const t1 = performance.now();
    for (let i = 0; i < TIMED_STEPS; i++) await run.trainStep(true);
    const stepMs = (performance.now() - t1) / TIMED_STEPS;
    const kernels = ctx.hasTimestamps ? byFamily(await run.profileNextStep()) : null;
    return { method, firstStepMs, stepMs, seconds: experimentSeconds(experiment, stepMs * overhead), kernels };
  } finally {
    run.destroy();
  }
}
