// The time-left estimate of a run card. The Worker trains its runs in turn (one step of each active run per round), so
// until a run ends every other active run takes its steps, evaluations and checkpoints too; on a software adapter an
// evaluation (greedy generation over the evaluation set, then scoring) costs several steps' time, and a method that
// scores more layouts (MuToR-2D: 8 horizon passes besides the inference one) costs more per evaluation.
import { methodConfigFor, type ExperimentConfig } from '../experiment/schema';
import type { MethodKind } from '../methods/registry';
import { scoringPasses } from '../train/evaluate';

/**
 * An evaluation in training steps per training batch's worth of evaluation examples: generation (with the checkpoint)
 * and each teacher-forced scoring pass (a forward and its logits read back, about a third of a step). SwiftShader, Tiny
 * preset (16 examples, batch 4, MuToR: 2 passes): about 7 steps' time, 1.75 per batch.
 */
const GENERATION_STEPS_PER_BATCH = 1.05;
const SCORING_STEPS_PER_BATCH = 0.35;

/** An evaluation's cost in training steps of the run of `kind`, from the model above. */
export function evalInSteps(experiment: ExperimentConfig, kind: MethodKind): number {
  const batches = Math.ceil(Math.min(experiment.evalSize, experiment.data.testSize) / experiment.optimizer.batchSize);
  return batches * (GENERATION_STEPS_PER_BATCH + SCORING_STEPS_PER_BATCH * scoringPasses(methodConfigFor(experiment, kind)));
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

export interface EvalCost {
  /** The model's estimate of one evaluation, ms (evalInSteps × the run's step time). */
  modelledMs: number;
  /** Its evaluations so far, each measured (ms). */
  measuredMs: readonly number[];
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * One evaluation of `run`, ms: the mean of its own measured ones; before it has any, its modelled cost scaled by how
 * the measured evaluations of the other runs compared with theirs (so NTP's measured evaluation does not stand in for
 * MuToR-2D's, which scores 8 more passes); the modelled cost alone while nothing is measured.
 */
export function evalMs(run: EvalCost, all: readonly EvalCost[]): number {
  if (run.measuredMs.length > 0) return mean(run.measuredMs);
  const measured = all.filter((r) => r.measuredMs.length > 0 && r.modelledMs > 0);
  const scale = measured.length > 0 ? mean(measured.map((r) => mean(r.measuredMs) / r.modelledMs)) : 1;
  return scale * run.modelledMs;
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
  const paces = experiment.runs.map((kind): RunPace => ({
    step: 0, totalSteps: experiment.steps, evalEvery: experiment.evalEvery, stepMs, evalMs: evalInSteps(experiment, kind) * stepMs,
  }));
  return paces.length > 0 ? secondsLeft(paces[0], paces) : 0;
}

/**
 * The training loop's own cost between steps, as a factor on step time: its rounds' wall time (evaluations aside) over
 * the sum of their steps' times. A step that reads nothing back returns once it is submitted, and its GPU time lands in
 * the step of the next readback, so rounds are counted together up to a round with a readback: a round of bare
 * submissions alone is mostly the timer between rounds (0.5 ms of steps in 7.8 ms made the factor 4).
 */
export class LoopOverhead {
  /** 1 until runs have trained. */
  factor = 1;
  private stepMs = 0;
  private wallMs = 0;

  /** One round of the loop: its steps' summed time, its wall time (evaluations aside), whether a step read back. */
  round(stepMs: number, wallMs: number, readBack: boolean): void {
    this.stepMs += stepMs;
    this.wallMs += wallMs;
    if (!readBack || this.stepMs === 0) return;
    this.factor = 0.8 * this.factor + 0.2 * Math.max(1, this.wallMs / this.stepMs);
    this.stepMs = this.wallMs = 0;
  }
}
