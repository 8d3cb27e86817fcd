// Decoding as each method's model answers (its module's `inference`). Next-token decoding, with registers and extra
// heads dropped: the prompt is encoded with the bidirectional prefix mask (kind prompt), generated tokens are causal
// answer tokens, exactly as in training; the model's own incremental decoder when it has one (the WebGPU engine's KV
// cache), else one full forward per token. One-shot decoding (teacherless): one forward over the method's input.
// Greedy, or temperature / top-k sampling from a seeded rng.
import { TokenKind, type TokenKindValue } from '../model/batch';
import { positionComponents } from '../model/config';
import { outputHeads } from '../model/methodTensors';
import type { Inference } from '../methods/method';
import { methodOf, type MethodKind } from '../methods/registry';
import { packBatch } from '../mutor/packBatch';
import { emptyHeads, positionOf, type SequenceLayout } from '../mutor/sequence';
import type { Grid } from '../tasks/task';
import type { Rng } from '../util/random';
import type { DecodeSession, LogitsModel } from '../model/logitsModel';

export interface SamplingOptions {
  /** 0 = greedy. */
  temperature: number;
  /** Keep the k most likely tokens (0 = all). */
  topK: number;
  rng?: Rng;
}

export const greedy: SamplingOptions = { temperature: 0, topK: 0 };

function layoutOf(prompt: number[], generated: number[], H: number, grid?: Grid): SequenceLayout {
  const ids = [...prompt, ...generated];
  const kinds: TokenKindValue[] = ids.map((_, i) => (i < prompt.length ? TokenKind.prompt : TokenKind.answer));
  return {
    inputIds: ids,
    kinds,
    positions: ids.map((_, i) => positionOf(i, prompt.length, grid)),
    heads: emptyHeads(H, ids.length),
    registers: [],
    promptLen: prompt.length,
    d: 0,
  };
}

/** Index of the largest logit (the first one on ties). */
export function argmax(row: Float32Array): number {
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i] > row[best]) best = i;
  return best;
}

/** Picks a token from one row of logits. */
export function sampleToken(row: Float32Array, opts: SamplingOptions): number {
  if (opts.temperature <= 0 || !opts.rng) return argmax(row);
  const order = [...row.keys()].sort((a, b) => row[b] - row[a]);
  const kept = opts.topK > 0 ? order.slice(0, opts.topK) : order;
  const max = row[kept[0]];
  const weights = kept.map((i) => Math.exp((row[i] - max) / opts.temperature));
  let u = opts.rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < kept.length; j++) {
    u -= weights[j];
    if (u <= 0) return kept[j];
  }
  return kept[kept.length - 1];
}

/** Decoding without a cache: every call runs logits() over prompt + answer so far and keeps each row's last one. */
function fullForwardSession(model: LogitsModel, prompts: number[][], grid?: Grid): DecodeSession {
  const V = model.config.vocabSize, H = outputHeads(model.config);
  return {
    async next(answers) {
      const T = Math.max(...prompts.map((p, b) => p.length + answers[b].length));
      const batch = packBatch(prompts.map((p, b) => layoutOf(p, answers[b], H, grid)), [1], model.config, T);
      const logits = await model.logits(batch);
      const out = new Float32Array(prompts.length * V);
      prompts.forEach((p, b) => {
        const last = b * T + p.length + answers[b].length - 1;
        out.set(logits.subarray(last * V, (last + 1) * V), b * V);
      });
      return out;
    },
  };
}

/**
 * Generates up to maxNew tokens after each prompt, stopping a row at `stopId` (-1: never). Rows are processed in
 * chunks of model.maxBatch. Returns the generated ids per prompt (stop token included when produced). An image task's
 * model (2D RoPE) generates the grid's cells in raster order, each at its [row, col].
 */
export async function generate(model: LogitsModel, prompts: number[][], maxNew: number, stopId: number, opts: SamplingOptions = greedy, grid?: Grid): Promise<number[][]> {
  const out: number[][] = [];
  const V = model.config.vocabSize;
  if ((positionComponents(model.config) === 2) !== Boolean(grid)) throw new Error('generation: a model with 2D RoPE generates images (a grid), a 1D model text');
  for (let start = 0; start < prompts.length; start += model.maxBatch) {
    const chunk = prompts.slice(start, start + model.maxBatch);
    const session = model.openDecoder ? await model.openDecoder(chunk, grid) : fullForwardSession(model, chunk, grid);
    const generated: number[][] = chunk.map(() => []);
    const done = chunk.map(() => false);
    for (let step = 0; step < maxNew && done.includes(false); step++) {
      if (Math.max(...chunk.map((p, b) => p.length + generated[b].length)) > model.maxT) break;
      const logits = await session.next(generated);
      chunk.forEach((_, b) => {
        if (done[b]) return;
        const token = sampleToken(logits.subarray(b * V, (b + 1) * V), opts);
        generated[b].push(token);
        if (token === stopId) done[b] = true;
      });
    }
    out.push(...generated);
  }
  return out;
}

/**
 * The whole answer of each prompt from one forward pass over `inference.layout(prompt, K)`: answer token j is read
 * at sequence index promptLen - 1 + j (the last prompt token predicts the first), K = maxNew (fewer when the prompt
 * leaves less room in maxT); each answer is cut after its first `stopId`.
 */
async function generateOneShot(model: LogitsModel, inference: Extract<Inference, { kind: 'oneShot' }>, prompts: number[][], maxNew: number, stopId: number, opts: SamplingOptions): Promise<number[][]> {
  const out: number[][] = [];
  const V = model.config.vocabSize;
  for (let start = 0; start < prompts.length; start += model.maxBatch) {
    const layouts = prompts.slice(start, start + model.maxBatch).map((p) => inference.layout(p, Math.max(0, Math.min(maxNew, model.maxT - p.length))));
    const logits = await model.logits(packBatch(layouts, [1], model.config));
    const T = Math.max(...layouts.map((l) => l.inputIds.length));
    layouts.forEach((l, b) => {
      const answer: number[] = [];
      for (let i = l.promptLen - 1; i < l.inputIds.length - 1 && answer.at(-1) !== stopId; i++) {
        const row = (b * T + i) * V;
        answer.push(sampleToken(logits.subarray(row, row + V), opts));
      }
      out.push(answer);
    });
  }
  return out;
}

/** Answers as `method`'s trained model gives them: next-token decoding, or one forward pass (see the header). */
export function generateFor(model: LogitsModel, method: MethodKind, prompts: number[][], maxNew: number, stopId: number, opts: SamplingOptions = greedy, grid?: Grid): Promise<number[][]> {
  const inference = methodOf(method).inference;
  return inference.kind === 'oneShot' ? generateOneShot(model, inference, prompts, maxNew, stopId, opts) : generate(model, prompts, maxNew, stopId, opts, grid);
}
