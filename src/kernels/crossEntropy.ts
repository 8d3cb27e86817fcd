// Weighted, grouped cross-entropy over the full vocabulary, fused with its gradient, and the loss report reduced on
// the GPU. Shapes: ROWS = H·N scored rows (H output heads × N tokens), V = vocabSize, G = loss-group slots.
//   crossEntropy (one invocation per row, in place):
//     ce = logsumexp(logits[row]) − logits[row, target]            counted iff target >= 0, w > 0 and group < G
//     rowLoss[row] = w·ce (0 when not counted)
//     logits[row] ← scale[g]·w·(softmax(logits[row]) − onehot(target))   scale[g] = coef[g] / Σ_row w of group g
//   lossReduce (one workgroup): per group Σ w·ce and Σ w over the rows, written or added to `sums` (micro-batches
//     of one optimizer step add up), then report = [total, mean[0..G), weight[0..G)], mean = Σw·ce / Σw (0 if no
//     weight), total = Σ coef[g]·mean[g]. The CPU reads `report` only when a metric is asked for.
// lossParams [2G] = (coef[g], scale[g]): scale needs Σw over every micro-batch of the step before the first
// backward, so lossParameters computes it on the CPU from the batches' weights while they are uploaded.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';

/** Loss-group slots the reduction keeps in registers per invocation. */
export const MAX_LOSS_GROUPS = 16;

export interface CrossEntropyShape {
  ROWS: number;
  V: number;
  /** Loss-group slots (groups >= G are ignored), at most MAX_LOSS_GROUPS. */
  G: number;
}

/** Floats of the report buffer: total, G means, G weights. */
export const reportFloats = (G: number) => 1 + 2 * G;

const header = /* wgsl */ `
override ROWS: u32;
override G: u32;
@group(0) @binding(1) var<storage, read_write> targets: array<i32>;    // [ROWS]
@group(0) @binding(2) var<storage, read_write> weights: array<f32>;    // [ROWS]
@group(0) @binding(3) var<storage, read_write> groups: array<u32>;     // [ROWS]
@group(0) @binding(4) var<storage, read_write> lossParams: array<f32>; // [2G]: coef, scale
@group(0) @binding(5) var<storage, read_write> rowLoss: array<f32>;    // [ROWS]
fn counted(row: u32) -> bool { return targets[row] >= 0 && weights[row] > 0.0 && groups[row] < G; }`;

const crossEntropyCode = /* wgsl */ `${header}
override V: u32;
override WRITE_GRAD: bool;
@group(0) @binding(0) var<storage, read_write> logits: array<f32>;     // [ROWS, V] -> dlogits
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) g: vec3u) {
  let row = g.x;
  if (row >= ROWS) { return; }
  let base = row * V;
  var m = logits[base];
  for (var v = 1u; v < V; v++) { m = max(m, logits[base + v]); }
  var s = 0.0;
  for (var v = 0u; v < V; v++) { s += exp(logits[base + v] - m); }
  let lse = m + log(s);
  let ok = counted(row);
  let tgt = u32(max(targets[row], 0));
  let w = weights[row];
  rowLoss[row] = select(0.0, w * (lse - logits[base + tgt]), ok);
  if (WRITE_GRAD) {
    let scale = select(0.0, lossParams[G + min(groups[row], G - 1u)] * w, ok);
    for (var v = 0u; v < V; v++) {
      let p = exp(logits[base + v] - lse);
      logits[base + v] = scale * (p - select(0.0, 1.0, v == tgt));
    }
  }
}`;

const reduceCode = /* wgsl */ `${header}
const MAXG = ${MAX_LOSS_GROUPS}u;
override ACCUMULATE: bool;
@group(0) @binding(0) var<storage, read_write> sums: array<f32>;       // [2G]: Σ w·ce, Σ w
@group(0) @binding(6) var<storage, read_write> report: array<f32>;     // [1 + 2G]
var<workgroup> part: array<f32, 256>;
fn total(t: u32, v: f32) -> f32 {
  workgroupBarrier();
  part[t] = v;
  for (var half = 128u; half > 0u; half >>= 1u) {
    workgroupBarrier();
    if (t < half) { part[t] += part[t + half]; }
  }
  workgroupBarrier();
  return part[0];
}
@compute @workgroup_size(256) fn main(@builtin(local_invocation_index) t: u32) {
  var wce: array<f32, MAXG>;
  var ws: array<f32, MAXG>;
  for (var row = t; row < ROWS; row += 256u) {
    if (counted(row)) {
      wce[groups[row]] += rowLoss[row];
      ws[groups[row]] += weights[row];
    }
  }
  var loss = 0.0;
  for (var g = 0u; g < G; g++) {
    var a = total(t, wce[g]);
    var b = total(t, ws[g]);
    if (ACCUMULATE) { a += sums[g]; b += sums[G + g]; }
    let mean = select(0.0, a / b, b > 0.0);
    loss += lossParams[g] * mean;
    if (t == 0u) {
      sums[g] = a;
      sums[G + g] = b;
      report[1u + g] = mean;
      report[1u + G + g] = b;
    }
  }
  if (t == 0u) { report[0] = loss; }
}`;

export interface LossBatchData {
  weights: ArrayLike<number>;
  lossGroups: ArrayLike<number>;
  targets: ArrayLike<number>;
  groupCoefficients: number[];
}

/** lossParams [2G] for the micro-batches of one optimizer step: coef[g], then coef[g] / (Σ w of group g over all
 * of them), 0 for a group with no weight. Throws on groups past G or past the coefficients. */
export function lossParameters(batches: LossBatchData[], G: number): Float32Array<ArrayBuffer> {
  const coefs = batches[0].groupCoefficients;
  if (coefs.length > G) throw new Error(`loss: ${coefs.length} groups, the engine has ${G} loss-group slots`);
  const totals = new Float64Array(G);
  for (const b of batches) {
    if (b.groupCoefficients.length !== coefs.length || b.groupCoefficients.some((c, i) => c !== coefs[i])) {
      throw new Error('loss: micro-batches of one step must share groupCoefficients');
    }
    for (let r = 0; r < b.weights.length; r++) {
      const w = b.weights[r];
      if (!(w >= 0) || !Number.isFinite(w)) throw new Error(`loss: weight ${w} at row ${r} is not a finite number >= 0`);
      if (b.targets[r] < 0 || w === 0) continue;
      const g = b.lossGroups[r];
      if (g >= coefs.length) throw new Error(`loss: group ${g} at row ${r} has no coefficient (${coefs.length} groups)`);
      totals[g] += w;
    }
  }
  const out = new Float32Array(2 * G);
  coefs.forEach((c, g) => {
    out[g] = c;
    out[G + g] = totals[g] > 0 ? c / totals[g] : 0;
  });
  return out;
}

export async function createCrossEntropy(ctx: GpuContext, s: CrossEntropyShape) {
  const { ROWS, V, G } = s;
  if (!(G >= 1 && G <= MAX_LOSS_GROUPS)) throw new Error(`crossEntropy: G must be in [1, ${MAX_LOSS_GROUPS}], got ${G}`);
  const [withGrad, lossOnly, reduceWrite, reduceAdd] = await Promise.all([
    ctx.pipelines.get({ label: 'crossEntropy', code: crossEntropyCode, constants: { ROWS, V, G, WRITE_GRAD: 1 } }),
    ctx.pipelines.get({ label: 'crossEntropyLoss', code: crossEntropyCode, constants: { ROWS, V, G, WRITE_GRAD: 0 } }),
    ctx.pipelines.get({ label: 'lossReduce', code: reduceCode, constants: { ROWS, G, ACCUMULATE: 0 } }),
    ctx.pipelines.get({ label: 'lossReduce+', code: reduceCode, constants: { ROWS, G, ACCUMULATE: 1 } }),
  ]);
  const device = ctx.device;
  const rowGroups = workgroupsFor(ROWS, 64, 'crossEntropy');
  const checkRows = (targets: BufferArg, weights: BufferArg, groups: BufferArg, lossParams: BufferArg, rowLoss: BufferArg) => {
    for (const [a, n] of [[targets, 'targets'], [weights, 'weights'], [groups, 'groups'], [rowLoss, 'rowLoss']] as const) expectElements(a, ROWS, `crossEntropy ${n}`);
    expectElements(lossParams, 2 * G, 'crossEntropy lossParams');
  };
  return {
    /** rowLoss[ROWS] = w·ce; with `gradient`, logits[ROWS, V] are replaced by dlogits. */
    bindForward(logits: BufferArg, targets: BufferArg, weights: BufferArg, groups: BufferArg, lossParams: BufferArg, rowLoss: BufferArg, gradient: boolean): PreparedDispatch[] {
      expectElements(logits, ROWS * V, 'crossEntropy logits');
      checkRows(targets, weights, groups, lossParams, rowLoss);
      const pipeline = gradient ? withGrad : lossOnly;
      return [prepareDispatch(device, { pipeline, bindings: [logits, targets, weights, groups, lossParams, rowLoss], workgroups: [rowGroups], label: gradient ? 'crossEntropy' : 'crossEntropyLoss' })];
    },
    /** sums[2G] = (or += when accumulate) the group sums; report[1 + 2G] from sums. */
    bindReduce(sums: BufferArg, targets: BufferArg, weights: BufferArg, groups: BufferArg, lossParams: BufferArg, rowLoss: BufferArg, report: BufferArg, accumulate: boolean): PreparedDispatch[] {
      checkRows(targets, weights, groups, lossParams, rowLoss);
      expectElements(sums, 2 * G, 'lossReduce sums');
      expectElements(report, reportFloats(G), 'lossReduce report');
      const pipeline = accumulate ? reduceAdd : reduceWrite;
      return [prepareDispatch(device, { pipeline, bindings: [sums, targets, weights, groups, lossParams, rowLoss, report], workgroups: [1], label: 'lossReduce' })];
    },
  };
}

export type CrossEntropyKernels = Awaited<ReturnType<typeof createCrossEntropy>>;
