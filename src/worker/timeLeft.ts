// The time-left estimate of a run card. The Worker trains its runs in turn (one step of each active run per round), so
// until a run ends every other active run takes its steps, evaluations and checkpoints too; on a software adapter an
// evaluation (greedy generation over the evaluation set, then scoring) costs several steps' time.
import type { ExperimentConfig } from '../experiment/schema';

/**
 * Until one is measured, an evaluation (greedy generation over the evaluation set, scoring, a checkpoint) counts as
 * this many training steps per training batch's worth of evaluation examples (SwiftShader, Tiny preset: 16 examples,
 * batch 4, about 7 steps' time).
 */
const EVAL_STEPS_PER_BATCH = 1.75;

/** An evaluation's cost in training steps until one is measured (see EVAL_STEPS_PER_BATCH). */
export function evalInSteps(experiment: ExperimentConfig): number {
  return EVAL_STEPS_PER_BATCH * Math.ceil(Math.min(experiment.evalSize, experiment.data.testSize) / experiment.optimizer.batchSize);
}

export interface RunPace {
  step: number;
  totalSteps: number;
  evalEvery: number;
  /** Wall time of one training step, ms. */
  stepMs: number;
  /** Wall time of one evaluation with its checkpoint, ms. */
  evalMs: number;
}

/** Evaluations at steps in (from, to]: every evalEvery-th step and the last one. */
export function evaluationsBetween(from: number, to: number, evalEvery: number, totalSteps: number): number {
  if (to <= from) return 0;
  const scheduled = Math.floor(to / evalEvery) - Math.floor(from / evalEvery);
  const last = to === totalSteps && totalSteps % evalEvery !== 0 ? 1 : 0;
  return scheduled + last;
}

/** Seconds until `target` (one of `runs`) takes its last step, all `runs` training in turn. */
export function secondsLeft(target: RunPace, runs: readonly RunPace[]): number {
  const rounds = target.totalSteps - target.step;
  let ms = 0;
  for (const r of runs) {
    const steps = Math.min(r.totalSteps - r.step, rounds);
    ms += steps * r.stepMs + evaluationsBetween(r.step, r.step + steps, r.evalEvery, r.totalSteps) * r.evalMs;
  }
  return ms / 1000;
}

/** Seconds a whole experiment takes from step 0, its methods trained in turn, each step taking `stepMs`. */
export function experimentSeconds(experiment: ExperimentConfig, stepMs: number): number {
  const pace: RunPace = {
    step: 0, totalSteps: experiment.steps, evalEvery: experiment.evalEvery, stepMs, evalMs: evalInSteps(experiment) * stepMs,
  };
  return secondsLeft(pace, experiment.runs.map(() => pace));
}
