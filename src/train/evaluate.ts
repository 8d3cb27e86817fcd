// Scoring a model on held-out examples: exact match of greedy generations (registers dropped), teacher-forced
// next-token accuracy, accuracy by prediction horizon d (MuToR registers at a fixed d, or Multi-Token heads), and the
// Clever Hans diagnostics for tasks with a planning decision (answerDiagnostics.ts).
import type { Batch } from '../model/batch';
import { tokenKindNames } from '../model/batch';
import { buildBatch } from '../mutor/buildBatch';
import { layoutSequence } from '../mutor/layout1d';
import { packBatch } from '../mutor/buildBatch';
import { groupCoefficients, type MethodConfig } from '../mutor/method';
import { EOS, tokenString } from '../tasks/tokenizer';
import type { Example, Task } from '../tasks';
import { createRng } from '../util/random';
import { answerDiagnostics } from './answerDiagnostics';
import { argmax, generate } from './generate';
import type { LogitsModel } from './logitsModel';
import type { EvalPoint, Generation, HorizonSample } from './metrics';

/** Top-1 accuracy of head h's weighted targets, optionally only in one loss group. */
async function headAccuracies(model: LogitsModel, batches: Batch[], select: (b: Batch, h: number, i: number) => boolean): Promise<number[]> {
  const H = 1 + model.config.nExtraHeads, V = model.config.vocabSize;
  const right = new Array<number>(H).fill(0), total = new Array<number>(H).fill(0);
  for (const batch of batches) {
    const logits = await model.logits(batch);
    const n = batch.B * batch.T;
    for (let h = 0; h < H; h++) {
      for (let i = 0; i < n; i++) {
        const j = h * n + i;
        if (batch.weights[j] === 0 || !select(batch, h, j)) continue;
        total[h]++;
        if (argmax(logits.subarray(j * V, (j + 1) * V)) === batch.targets[j]) right[h]++;
      }
    }
  }
  return right.map((r, h) => (total[h] ? r / total[h] : NaN));
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

export async function evaluate(model: LogitsModel, task: Task, examples: Example[], method: MethodConfig, step: number, T: number): Promise<EvaluationResult> {
  const maxNew = Math.max(...examples.map((e) => e.answer.length)) + 2;
  const outputs = await generate(model, examples.map((e) => e.prompt), maxNew, EOS);
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

  // Teacher forcing: next-token accuracy (head 0, group 0) and the horizons.
  const plain = { ...method, kind: method.kind === 'multiTokenHeads' ? method.kind : ('ntp' as const) };
  const plainBatches = chunks(examples, model.maxBatch).map((c) => buildBatch(c, plain, model.config, createRng(step), { T }));
  const headAcc = await headAccuracies(model, plainBatches, (b, _h, j) => b.lossGroups[j] === 0 || method.kind === 'multiTokenHeads');
  const horizonAccuracy: (number | null)[] = new Array(Math.max(1, method.dMax)).fill(null);
  horizonAccuracy[0] = headAcc[0];
  if (method.kind === 'multiTokenHeads') headAcc.forEach((a, h) => (horizonAccuracy[h] = Number.isNaN(a) ? null : a));
  if (method.kind === 'mutor') {
    for (let d = method.dMin; d <= method.dMax; d++) {
      const batches = chunks(examples, model.maxBatch).map((c) => buildBatch(c, method, model.config, createRng(step), { T, d }));
      const [acc] = await headAccuracies(model, batches, (b, _h, j) => b.lossGroups[j] === 1);
      if (d > 1 || horizonAccuracy[0] === null) horizonAccuracy[d - 1] = Number.isNaN(acc) ? null : acc;
    }
  }
  const point: EvalPoint = { step, testAccuracy, nextTokenAccuracy: headAcc[0], horizonAccuracy };
  if (task.answerParts) point.answerDiagnostics = await answerDiagnostics(model, task.answerParts, examples, outputs, plainBatches);
  return { point, generations };
}

/** What each register of one example predicts at offset d, with its top-k (Prediction horizons panel). */
export async function horizonSample(model: LogitsModel, example: Example, method: MethodConfig, d: number, T: number, k = 3): Promise<HorizonSample> {
  const layout = layoutSequence(example, method, d, model.config.vocabSize, createRng(d));
  const batch = packBatch([layout], groupCoefficients(method), model.config, T);
  const logits = await model.logits(batch);
  const V = model.config.vocabSize;
  const name = (id: number) => (id >= V ? '⟨reg⟩' : tokenString(id));
  return {
    tokens: layout.inputIds.map(name),
    kinds: layout.kinds.map((k) => tokenKindNames[k]),
    positions: layout.positions.map((p) => p[0]),
    registers: layout.registers.map((r) => {
      const row = logits.subarray(r.index * V, (r.index + 1) * V);
      let max = -Infinity;
      for (const v of row) max = Math.max(max, v);
      let sum = 0;
      for (const v of row) sum += Math.exp(v - max);
      const order = [...row.keys()].sort((a, b) => row[b] - row[a]).slice(0, k);
      return {
        index: r.index,
        offset: r.offset,
        targetIndex: r.target,
        targetToken: r.target >= 0 ? name(layout.inputIds[r.target]) : null,
        topk: order.map((id) => ({ token: name(id), prob: Math.exp(row[id] - max) / sum })),
      };
    }),
  };
}
