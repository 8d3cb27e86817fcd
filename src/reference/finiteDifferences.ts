// Finite-difference checks of the reference's analytic gradients (tests only): the fourth-order central difference
// (-f(+2h) + 8f(+h) - 8f(-h) + f(-2h)) / 12h with h = 1e-4 has truncation error O(h⁴) and roundoff ~1e-11, so a
// 1e-6 relative tolerance has ~40x margin. (The second-order difference at h = 1e-6 has roundoff ~1e-9 absolute,
// which is 1e-6 relative already at |grad| = 1e-3, too close to the tolerance to give a test that fails only for
// real bugs.)
import type { Batch } from '../model/batch';
import type { RunModelConfig } from '../model/methodTensors';
import type { TensorSpec } from '../model/layout';
import { createRng } from '../util/random';
import { referenceLoss } from './model';

const H_STEP = 1e-4;
const REL_TOL = 1e-6;
/** Below this magnitude the relative error is measured against this floor instead (absolute error / 1e-3). */
const GRAD_FLOOR = 1e-3;

/** d loss / d params[i] by the central difference above (params is restored). */
export function numericalGradient(config: RunModelConfig, params: Float64Array, batch: Batch, i: number): number {
  const original = params[i];
  const f = (delta: number): number => {
    params[i] = original + delta;
    const total = referenceLoss(config, params, batch).total;
    params[i] = original;
    return total;
  };
  return (-f(2 * H_STEP) + 8 * f(H_STEP) - 8 * f(-H_STEP) + f(-2 * H_STEP)) / (12 * H_STEP);
}

/**
 * Compares the analytic gradient `grads` of tensor `t` with the numerical one at its largest entry and `samples`
 * seeded others. Returns one line per mismatch (empty: they agree); a tensor with no gradient at all (a missing
 * path) and a non-finite value are mismatches too.
 */
export function gradientMismatches(config: RunModelConfig, params: Float64Array, batch: Batch, grads: Float64Array, t: TensorSpec, samples: number): string[] {
  let argmax = t.offset;
  for (let i = t.offset; i < t.offset + t.size; i++) if (Math.abs(grads[i]) > Math.abs(grads[argmax])) argmax = i;
  if (!(Math.abs(grads[argmax]) > 1e-3)) return [`${t.name}: largest |gradient| ${Math.abs(grads[argmax])}, expected > 1e-3`];
  const rng = createRng(t.offset + 7);
  const picks = new Set([argmax]);
  while (picks.size < Math.min(samples + 1, t.size)) picks.add(t.offset + rng.int(t.size));
  const out: string[] = [];
  for (const i of picks) {
    const numeric = numericalGradient(config, params, batch, i);
    const rel = Math.abs(grads[i] - numeric) / Math.max(Math.abs(grads[i]), Math.abs(numeric), GRAD_FLOOR);
    if (!(rel < REL_TOL)) out.push(`${t.name}[${i - t.offset}] analytic ${grads[i]} numeric ${numeric} (relative ${rel})`);
  }
  return out;
}
