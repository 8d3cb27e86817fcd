// The time-left estimate of a run card. The Worker trains its runs in turn (one step of each active run per round), so
// until a run ends every other active run takes its steps, evaluations and checkpoints too; on a software adapter an
// evaluation (greedy generation over the evaluation set, then scoring) costs several steps' time.

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
