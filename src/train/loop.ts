// The headless training loop (Node: mutor train / experiment; tests): steps, metrics at a chosen rate, evaluation
// every evalEvery steps and at the end, and a checkpoint every checkpointEvery steps. The browser Worker drives
// TrainingRun itself to support pause and single-step.
import type { Checkpoint } from './checkpoint';
import type { RunPosition, TrainingRun } from './run';
import type { EvalPoint, Generation, RunSummary, StepPoint } from './metrics';

/** What the loop has gathered so far: a checkpoint carries it so that a resumed run reports the whole run. */
export interface LoopProgress {
  steps: StepPoint[];
  evals: EvalPoint[];
  /** The last evaluation's generations. */
  generations: Generation[];
  tokens: number;
  wallMs: number;
}

/** A run's checkpoint as the loop writes it: the run's position and the loop's progress. */
export type LoopCheckpoint = Checkpoint<RunPosition & { progress: LoopProgress }>;

export interface LoopOptions {
  /** Read losses back every this many steps (0 = only at evaluations). */
  metricsEvery: number;
  onStep?(point: StepPoint): void;
  onEval?(point: EvalPoint, generations: Generation[]): void;
  /** Where a resumed run's loop stood (its run was created from the same checkpoint). */
  resume?: LoopProgress;
  /** Hand a checkpoint to onCheckpoint after every this many steps (0 or absent: never) and once the run is done. */
  checkpointEvery?: number;
  onCheckpoint?(c: LoopCheckpoint): void | Promise<void>;
}

export interface RunResult {
  steps: StepPoint[];
  evals: EvalPoint[];
  generations: Generation[];
  summary: RunSummary;
}

export async function trainToEnd(run: TrainingRun, o: LoopOptions): Promise<RunResult> {
  const p: LoopProgress = structuredClone(o.resume) ?? { steps: [], evals: [], generations: [], tokens: 0, wallMs: 0 };
  const started = performance.now() - p.wallMs;
  const evalEvery = run.experiment.evalEvery, every = o.checkpointEvery ?? 0;
  const checkpoint = async () => {
    const c = await run.snapshot();
    await o.onCheckpoint?.({ ...c, header: { ...c.header, progress: { ...p, wallMs: performance.now() - started } } });
  };
  while (!run.done) {
    const next = run.step + 1;
    const atEval = next % evalEvery === 0 || next === run.experiment.steps;
    const want = atEval || (o.metricsEvery > 0 && next % o.metricsEvery === 0);
    const point = await run.trainStep(want);
    p.tokens += run.experiment.optimizer.gradAccumulation * run.maxBatch * run.maxT;
    if (point) {
      p.steps.push(point);
      o.onStep?.(point);
    }
    if (atEval) {
      const r = await run.evaluate();
      p.evals.push(r.point);
      p.generations = r.generations;
      o.onEval?.(r.point, r.generations);
    }
    if (o.onCheckpoint && ((every > 0 && next % every === 0) || run.done)) await checkpoint();
  }
  const last = p.steps[p.steps.length - 1];
  return {
    steps: p.steps,
    evals: p.evals,
    generations: p.generations,
    summary: {
      method: run.method.kind,
      steps: run.step,
      finalLoss: last?.loss ?? NaN,
      testAccuracy: p.evals[p.evals.length - 1]?.testAccuracy ?? NaN,
      wallMs: performance.now() - started,
      tokens: p.tokens,
      parameterOverhead: run.parameterOverhead,
    },
  };
}
