// The training loop, one for every caller: the page's engine Worker (src/worker/trainer.ts), which interleaves its
// runs one step at a time with pause and single-step, and Node's trainToEnd (mutor train / experiment; tests). Both
// take each step through advanceRun (when losses are read back, when evaluations come, the non-finite and divergence
// checks of TrainingRun.trainStep), checkpoint on checkpointDue, and end with runSummary.
import type { Checkpoint } from './checkpoint';
import type { EvaluationResult } from './evaluate';
import type { RunPosition, TrainingRun } from './run';
import type { EvalPoint, Generation, RunSummary, StepPoint } from './metrics';

/** What one step gave: its losses when they were read back, and the evaluation due after it (run it once the step is reported). */
export interface StepOutcome {
  point: StepPoint | null;
  evaluation: (() => Promise<EvaluationResult>) | null;
}

/**
 * One optimizer step of `run`. An evaluation is due after every evalEvery steps and after the last; the losses are
 * read back when `wantMetrics` and at every evaluation. A NaN, an infinity or a divergence throws a NumericsFault
 * naming the step and the likely cause.
 */
export async function advanceRun(run: TrainingRun, wantMetrics: boolean): Promise<StepOutcome> {
  const next = run.step + 1;
  const atEval = next % run.experiment.evalEvery === 0 || next === run.experiment.steps;
  const point = await run.trainStep(wantMetrics || atEval);
  return { point, evaluation: atEval ? () => run.evaluate() : null };
}

/** A checkpoint is due every `every` steps (0: never) and once the run has taken its last step. */
export function checkpointDue(run: TrainingRun, every: number): boolean {
  return (every > 0 && run.step % every === 0) || run.done;
}

/** A run's final numbers (CLI JSON, saved runs): `last` is its last read-back loss and evaluation, and its time. */
export function runSummary(run: TrainingRun, last: { loss: number; testAccuracy: number | null; wallMs: number }): RunSummary {
  return {
    method: run.method.kind,
    steps: run.step,
    finalLoss: last.loss,
    testAccuracy: last.testAccuracy,
    wallMs: last.wallMs,
    tokens: run.tokensTrained,
    parameterOverhead: run.parameterOverhead,
  };
}

/** What the loop has gathered so far: a checkpoint carries it so that a resumed run reports the whole run. */
export interface LoopProgress {
  steps: StepPoint[];
  evals: EvalPoint[];
  /** The last evaluation's generations. */
  generations: Generation[];
  wallMs: number;
}

/** A run's checkpoint as the loop writes it: the run's position and the loop's progress. */
export type LoopCheckpoint = Checkpoint<RunPosition & { progress: LoopProgress }>;

export interface LoopOptions {
  /** Read losses back every this many steps (0 = only at evaluations). */
  metricsEvery: number;
  onStep?(point: StepPoint): void;
  onEval?(point: EvalPoint, generations: Generation[]): void;
  /** Awaited after each evaluation, before the next step: to inspect the run at that step (snapshots). */
  afterEval?(run: TrainingRun, point: EvalPoint, generations: Generation[]): Promise<void>;
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

/** Trains `run` to its last step without pausing (Node). */
export async function trainToEnd(run: TrainingRun, o: LoopOptions): Promise<RunResult> {
  const p: LoopProgress = structuredClone(o.resume) ?? { steps: [], evals: [], generations: [], wallMs: 0 };
  const started = performance.now() - p.wallMs;
  const checkpoint = async () => {
    const c = await run.snapshot();
    await o.onCheckpoint?.({ ...c, header: { ...c.header, progress: { ...p, wallMs: performance.now() - started } } });
  };
  while (!run.done) {
    const { point, evaluation } = await advanceRun(run, o.metricsEvery > 0 && (run.step + 1) % o.metricsEvery === 0);
    if (point) {
      p.steps.push(point);
      o.onStep?.(point);
    }
    if (evaluation) {
      const r = await evaluation();
      p.evals.push(r.point);
      p.generations = r.generations;
      o.onEval?.(r.point, r.generations);
      await o.afterEval?.(run, r.point, r.generations);
    }
    if (o.onCheckpoint && checkpointDue(run, o.checkpointEvery ?? 0)) await checkpoint();
  }
  return {
    steps: p.steps,
    evals: p.evals,
    generations: p.generations,
    summary: runSummary(run, {
      loss: p.steps[p.steps.length - 1]?.loss ?? NaN,
      testAccuracy: p.evals[p.evals.length - 1]?.testAccuracy ?? null,
      wallMs: performance.now() - started,
    }),
  };
}
