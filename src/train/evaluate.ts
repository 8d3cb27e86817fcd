// Scoring a model on held-out examples: exact match of its answers (decoded as the method's model answers; for an
// image task, the class its classifier sees in a sampled image, with bits per pixel and the samples' Fréchet distance),
// teacher-forced next-token accuracy on the sequence the model sees at inference, accuracy by prediction horizon d
// (the method's horizon probes: MuToR registers at a fixed d, or Multi-Token heads), and the Clever Hans diagnostics
// for tasks with a planning decision (answerDiagnostics.ts).
import { tokenKindNames } from '../model/batch';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import { buildBatch, buildInferenceLayoutBatch, layoutSequence } from '../methods/layout';
import type { HorizonProbe } from '../methods/method';
import { methodOf, type MethodConfig } from '../methods/registry';
import { packBatch } from '../mutor/packBatch';
import { EOS, tokenString } from '../tasks/tokenizer';
import type { Example, Task } from '../tasks';
import { createRng } from '../util/random';
import { answerDiagnostics } from './answerDiagnostics';
import { argmax, generateFor, greedy } from './generate';
import { scoreBatches, type LogitsModel, type ScoredBatch } from '../model/logitsModel';
import type { EvalPoint, Generation, HorizonSample } from './metrics';

/** Top-1 hits and counts of the weighted targets, by output head and loss group: [H][groups]. */
interface AccuracyTable {
  right: number[][];
  total: number[][];
}

function accuracyTable(config: RunModelConfig, scored: readonly ScoredBatch[]): AccuracyTable {
  const H = outputHeads(config), V = config.vocabSize;
  const groups = scored[0]?.batch.groupCoefficients.length ?? 1;
  const right = Array.from({ length: H }, () => new Array<number>(groups).fill(0));
  const total = Array.from({ length: H }, () => new Array<number>(groups).fill(0));
  for (const { batch, logits } of scored) {
    const n = batch.B * batch.T;
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < n; i++) {
        const j = h * n + i;
        if (batch.weights[j] === 0) continue;
        const g = batch.lossGroups[j];
        total[h][g]++;
        if (argmax(logits.subarray(j * V, (j + 1) * V)) === batch.targets[j]) right[h][g]++;
      }
    }
  }
  return { right, total };
}

/** Accuracy of one head's targets, in one loss group or all of them; NaN without targets. */
function accuracyOf(table: AccuracyTable, head: number, group?: number): number {
  const sum = (xs: number[]) => (group === undefined ? xs.reduce((a, b) => a + b, 0) : (xs[group] ?? 0));
  const total = sum(table.total[head]);
  return total ? sum(table.right[head]) / total : NaN;
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface EvaluationResult {
  point: EvalPoint;
  generations: Generation[];
}

/** Mean cross-entropy (nats) of head 0's next-token targets (group 0) in scored batches. */
function nextTokenCrossEntropy(config: RunModelConfig, scored: readonly ScoredBatch[]): number {
  const V = config.vocabSize;
  let sum = 0, count = 0;
  for (const { batch, logits } of scored) {
    for (let i = 0; i < batch.B * batch.T; i++) {
      if (batch.weights[i] === 0 || batch.lossGroups[i] !== 0) continue;
      const row = logits.subarray(i * V, (i + 1) * V);
      let max = -Infinity, z = 0;
      for (const v of row) max = Math.max(max, v);
      for (const v of row) z += Math.exp(v - max);
      sum += Math.log(z) + max - row[batch.targets[i]];
      count++;
    }
  }
  return sum / count;
}

/**
 * An image task's examples are drawn, not answered: each prompt's image is sampled at temperature 1 (seeded by the
 * step), all h·w cells; text answers are greedy and stop at EOS.
 */
function generationFor(examples: Example[], step: number) {
  const grid = examples[0]?.grid;
  if (grid) return { grid, maxNew: grid.h * grid.w, stopId: -1, sampling: { temperature: 1, topK: 0, rng: createRng(step) } };
  return { grid, maxNew: Math.max(...examples.map((e) => e.answer.length)) + 2, stopId: EOS, sampling: greedy };
}

/** Teacher-forced passes over the evaluation set that an evaluation scores: the inference layout, and one layout per
 * distinct offset the method's horizon probes lay out (MuToR: one per d from max(2, d_min) to d_max; MuToR-2D on a
 * 3×3 grid: 8), each a forward of every batch with its logits read back. */
export function scoringPasses(method: MethodConfig): number {
  return 1 + new Set(methodOf(method.kind).horizonProbes(method).flatMap((p) => (p.layoutOffset === undefined ? [] : [p.layoutOffset]))).size;
}

export async function evaluate(model: LogitsModel, task: Task, examples: Example[], method: MethodConfig, step: number, T: number): Promise<EvaluationResult> {
  const { grid, maxNew, stopId, sampling } = generationFor(examples, step);
  const outputs = await generateFor(model, method.kind, examples.map((e) => e.prompt), maxNew, stopId, sampling, grid);
  const generations: Generation[] = examples.map((e, i) => {
    const out = outputs[i];
    const end = out.indexOf(EOS);
    return {
      promptText: e.promptText,
      outputText: (end >= 0 ? out.slice(0, end) : out).map(tokenString).join(''),
      truthText: e.answerText,
      correct: task.evaluate(e, out),
    };
  });
  const testAccuracy = generations.filter((g) => g.correct).length / Math.max(1, generations.length);

  // Teacher forcing: next-token accuracy (head 0, group 0) on the inference sequence, and the method's horizons.
  const inferenceScored = await scoreBatches(model, chunks(examples, model.maxBatch).map((c) => buildInferenceLayoutBatch(c, method, model.config, T)));
  const inference = accuracyTable(model.config, inferenceScored);
  const nextTokenAccuracy = accuracyOf(inference, 0, 0);
  const probes = methodOf(method.kind).horizonProbes(method);
  const horizonAccuracy: (number | null)[] = new Array(Math.max(1, method.dMax, ...probes.map((p) => p.d))).fill(null);
  horizonAccuracy[0] = nextTokenAccuracy;
  const offsetTables = new Map<number, AccuracyTable>();
  const tableFor = async (probe: HorizonProbe): Promise<AccuracyTable> => {
    const d = probe.layoutOffset;
    if (d === undefined) return inference;
    if (!offsetTables.has(d)) {
      offsetTables.set(d, accuracyTable(model.config, await scoreBatches(model, chunks(examples, model.maxBatch).map((c) => buildBatch(c, method, model.config, createRng(step), { T, d })))));
    }
    return offsetTables.get(d)!;
  };
  for (const probe of probes) {
    const acc = accuracyOf(await tableFor(probe), probe.head, probe.group);
    horizonAccuracy[probe.d - 1] = Number.isNaN(acc) ? null : acc;
  }
  const point: EvalPoint = { step, testAccuracy, nextTokenAccuracy, horizonAccuracy };
  if (task.answerParts) point.answerDiagnostics = answerDiagnostics(model.config.vocabSize, task.answerParts, examples, outputs, inferenceScored);
  if (grid) {
    point.image = {
      bitsPerPixel: nextTokenCrossEntropy(model.config, inferenceScored) / Math.LN2,
      frechetDistance: task.frechetDistance?.(examples, outputs) ?? null,
    };
  }
  return { point, generations };
}

/**
 * What each register of one example predicts at offset d, with its top-k (Prediction horizons panel). A method
 * without registers that looks ahead through extra output heads (Multi-Token heads, DeepSeek MTP) shows what every
 * answer position predicts through each of them instead (its horizon probes by head, d = 2, 3, ...).
 */
export async function horizonSample(model: LogitsModel, example: Example, method: MethodConfig, d: number, T: number, k = 3): Promise<HorizonSample> {
  const layout = layoutSequence(example, method, d, model.config.vocabSize, createRng(d));
  const batch = packBatch([layout], methodOf(method.kind).groupCoefficients(method), model.config, T);
  const logits = await model.logits(batch);
  const V = model.config.vocabSize;
  const name = (id: number) => (id >= V ? '⟨reg⟩' : tokenString(id));
  const prediction = (head: number, index: number, offset: number, targetIndex: number, target: number) => {
    const row = logits.subarray((head * batch.T + index) * V, (head * batch.T + index + 1) * V);
    let max = -Infinity;
    for (const v of row) max = Math.max(max, v);
    let sum = 0;
    for (const v of row) sum += Math.exp(v - max);
    const order = [...row.keys()].sort((a, b) => row[b] - row[a]).slice(0, k);
    return { index, offset, targetIndex, targetToken: target >= 0 ? name(target) : null, topk: order.map((id) => ({ token: name(id), prob: Math.exp(row[id] - max) / sum })) };
  };
  // Without registers, sequence index = regular token index: the token d ahead of index i sits at i + d.
  const headProbes = layout.registers.length > 0 ? [] : methodOf(method.kind).horizonProbes(method).filter((p) => p.layoutOffset === undefined);
  const byHeads = headProbes.flatMap((p) => {
    const head = layout.heads[p.head];
    return head.targets.flatMap((t, i) => (head.weights[i] > 0 ? [prediction(p.head, i, p.d, i + p.d, t)] : []));
  });
  return {
    tokens: layout.inputIds.map(name),
    kinds: layout.kinds.map((k) => tokenKindNames[k]),
    positions: layout.positions.map((p) => p[0]),
    registers: [
      ...layout.registers.map((r) => prediction(0, r.index, r.offset, r.target, r.target >= 0 ? layout.inputIds[r.target] : -1)),
      ...byHeads,
    ],
  };
}
