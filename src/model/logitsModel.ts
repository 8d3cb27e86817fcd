// Anything that turns a Batch into logits: the WebGPU engine, or an onnxruntime session (mutor eval).
// Generation and evaluation are written against this, so they score every backend the same way.
import type { Batch } from './batch';
import type { RunModelConfig } from './methodTensors';
import type { Grid } from '../tasks/task';

export interface LogitsModel {
  /** Its base model and the tensors its method adds (H output heads). */
  config: RunModelConfig;
  /** Largest batch rows and sequence length one call takes. */
  maxBatch: number;
  maxT: number;
  /** Logits of every output head: [H][B*T*V] flattened, H = outputHeads(config). */
  logits(batch: Batch): Promise<Float32Array>;
  /**
   * Incremental decoding of up to maxBatch prompts (the WebGPU engine's KV cache), answers laid out on `grid` for an
   * image task (a 2D RoPE model). Without it, generate() decodes
   * with a full forward of logits() per token.
   */
  openDecoder?(prompts: number[][], grid?: Grid): Promise<DecodeSession>;
}

/** A batch with the logits a model gave it, so that several scores read one forward pass. */
export interface ScoredBatch {
  batch: Batch;
  /** [H][B*T*V], as LogitsModel.logits returns them. */
  logits: Float32Array;
}

/** Each batch through the model once, in order. */
export async function scoreBatches(model: LogitsModel, batches: readonly Batch[]): Promise<ScoredBatch[]> {
  const scored: ScoredBatch[] = [];
  for (const batch of batches) scored.push({ batch, logits: await model.logits(batch) });
  return scored;
}

/** Next-token logits of a few sequences whose answers grow one token at a time (src/train/generate.ts drives it). */
export interface DecodeSession {
  /**
   * Head 0's logits [rows, V] of the token after each row's prompt + answers[b]. The first call has every answer
   * empty; from one call to the next each answer grows by exactly one token, or stays as it was once its row is
   * finished (its logits then repeat the previous call's).
   */
  next(answers: number[][]): Promise<Float32Array>;
}
