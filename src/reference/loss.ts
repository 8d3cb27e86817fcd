// Weighted, grouped cross-entropy over the full vocabulary, float64.
//   ce(h, n) = logsumexp(logits[h, n, :]) - logits[h, n, target]        for target >= 0 and weight > 0
//   mean_g   = Σ_{(h,n) in g} w·ce / Σ_{(h,n) in g} w                    (0 when the group has no weight)
//   total    = Σ_g groupCoefficients[g] · mean_g
// Shapes: logits [H, N, V] flat (N = B*T), targets/weights/lossGroups [H*N].
import type { Batch, LossReport } from '../model/batch';

function forEachTarget(
  batch: Batch, V: number, H: number, fn: (row: number, target: number, weight: number, group: number) => void,
): void {
  const N = batch.B * batch.T, nGroups = batch.groupCoefficients.length;
  for (let row = 0; row < H * N; row++) {
    const target = batch.targets[row], weight = batch.weights[row], group = batch.lossGroups[row];
    if (!(weight >= 0) || !Number.isFinite(weight)) throw new Error(`loss: weight ${weight} at row ${row} is not a finite number >= 0`);
    if (target < -1 || target >= V) throw new Error(`loss: target ${target} at row ${row} is outside [-1, ${V})`);
    if (target < 0 || weight === 0) continue;
    if (group >= nGroups) throw new Error(`loss: group ${group} at row ${row} has no coefficient (${nGroups} groups)`);
    fn(row, target, weight, group);
  }
}

function logSumExp(logits: Float64Array, offset: number, V: number): number {
  let max = -Infinity;
  for (let v = 0; v < V; v++) max = Math.max(max, logits[offset + v]);
  let sum = 0;
  for (let v = 0; v < V; v++) sum += Math.exp(logits[offset + v] - max);
  return max + Math.log(sum);
}

export function crossEntropyForward(logits: Float64Array, batch: Batch, V: number, H: number): LossReport {
  const nGroups = batch.groupCoefficients.length;
  const weighted = new Float64Array(nGroups), groupWeights = new Array<number>(nGroups).fill(0);
  forEachTarget(batch, V, H, (row, target, weight, group) => {
    const ce = logSumExp(logits, row * V, V) - logits[row * V + target];
    weighted[group] += weight * ce;
    groupWeights[group] += weight;
  });
  const groupMeans = groupWeights.map((w, g) => (w > 0 ? weighted[g] / w : 0));
  let total = 0;
  for (let g = 0; g < nGroups; g++) total += batch.groupCoefficients[g] * groupMeans[g];
  return { total, groupMeans, groupWeights };
}

/** dtotal/dlogits [H, N, V]: coef[g] · w / W_g · (softmax - onehot(target)) on each counted row, 0 elsewhere. */
export function crossEntropyBackward(
  logits: Float64Array, batch: Batch, V: number, H: number, report: LossReport,
): Float64Array {
  const dlogits = new Float64Array(logits.length);
  forEachTarget(batch, V, H, (row, target, weight, group) => {
    const scale = (batch.groupCoefficients[group] * weight) / report.groupWeights[group];
    const lse = logSumExp(logits, row * V, V);
    for (let v = 0; v < V; v++) dlogits[row * V + v] += scale * Math.exp(logits[row * V + v] - lse);
    dlogits[row * V + target] -= scale;
  });
  return dlogits;
}
