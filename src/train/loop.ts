// The headless training loop (Node: mutor train / experiment; tests): steps, metrics at a chosen rate, evaluation
// every evalEvery steps and at the end. The browser Worker drives TrainingRun itself to support pause and single-step.
import type { TrainingRun } from './run';
import type { EvalPoint, Generation, RunSummary, StepPoint } from './metrics';

export interface LoopOptions {
  /** Read losses back every this many steps (0 = only at evaluations). */
  metricsEvery: number;
  onStep?(point: StepPoint): void;
  onEval?(point: EvalPoint, generations: Generation[]): void;
}

export interface RunResult {
  steps: StepPoint[];
  evals: EvalPoint[];
  generations: Generation[];
  summary: RunSummary;
}

export async function trainToEnd(run: TrainingRun, o: LoopOptions): Promise<RunResult> {
  const steps: StepPoint[] = [], evals: EvalPoint[] = [];
  let generations: Generation[] = [];
  const started = performance.now();
  let tokens = 0;
  const evalEvery = run.experiment.evalEvery;
  while (!run.done) {
    const next = run.step + 1;
    const atEval = next % evalEvery === 0 || next === run.experiment.steps;
    const want = atEval || (o.metricsEvery > 0 && next % o.metricsEvery === 0);
    const point = await run.trainStep(want);
    tokens += run.experiment.optimizer.gradAccumulation * run.maxBatch * run.maxT;
    if (point) {
      steps.push(point);
      o.onStep?.(point);
    }
    if (atEval) {
      const r = await run.evaluate();
      evals.push(r.point);
      generations = r.generations;
      o.onEval?.(r.point, r.generations);
    }
  }
  const last = steps[steps.length - 1];
  return {
    steps,
    evals,
    generations,
    summary: {
      method: run.method.kind,
      steps: run.step,
      finalLoss: last?.loss ?? NaN,
      testAccuracy: evals[evals.length - 1]?.testAccuracy ?? NaN,
      wallMs: performance.now() - started,
      tokens,
      parameterOverhead: run.parameterOverhead,
    },
  };
}
