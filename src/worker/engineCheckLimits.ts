// The engine checks' acceptance limits and verdicts, apart from src/worker/engineChecks.ts so the page can judge a report
// without bundling the engine (the checks themselves run in the Worker).
import type { EngineCheckReport } from './engineChecks';

/** What each check must reach (the project's acceptance points). */
export const engineCheckLimits = {
  /** Regular tokens' logits, MuToR against NTP: max absolute difference. */
  invarianceMaxAbs: 1e-5,
  /** a = 0 gradients against NTP's: per-tensor max |diff| / max |g|. */
  alphaZeroMaxRel: 1e-6,
  /** Final loss of the overfit run. */
  overfitFinalLoss: 0.05,
  /** Loss curves of one seed on two devices: max relative gap per step. */
  curveMaxRel: 1e-4,
} as const;

/** Pass/fail of each check against engineCheckLimits. */
export function judgeEngineChecks(r: EngineCheckReport): { invariance: boolean; alphaZero: boolean; overfit: boolean } {
  const L = engineCheckLimits;
  return {
    invariance: r.invariance.maxAbsDiff < L.invarianceMaxAbs && r.invariance.regularShiftWhenRegisterRowChanges === 0,
    alphaZero: r.alphaZero.maxRelDiff < L.alphaZeroMaxRel && r.alphaZero.registerGradMaxAbs === 0,
    overfit: r.overfit.finalLoss < L.overfitFinalLoss,
  };
}

/** Largest relative gap between two curves: max_i |a_i - b_i| / max(|b_i|, 1e-12) (Infinity on length mismatch). */
export function curveRelDiff(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = maxNaN(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), 1e-12));
  return worst;
}

function maxNaN(a: number, b: number): number {
  return Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b);
}
