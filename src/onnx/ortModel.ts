// An onnxruntime-web session of an exported model as a LogitsModel, so that generation and evaluation
// (src/train/generate.ts, evaluate.ts) score it exactly as they score the WebGPU engine: `mutor eval` and the page's
// Try-it panel run through this.
//   - Batches with register tokens are refused (an export is the plain next-token model; onnxBatchFromBatch says so).
//   - A batch of more than maxBatch rows is run in chunks of maxBatch rows.
//   - With padTo > 1 the sequence length is padded up to a multiple of padTo (trailing pads: attention_mask 0), so a
//     growing generation reuses a few shapes; the WebGPU execution provider prepares its kernels per input shape.
//   - Runs on one session are serialized (a session takes one run at a time).
// The result is [B*T*V] float32 (H = 1: an export has no extra heads), rows as in the caller's batch.
import type { Batch } from '../model/batch';
import type { ModelConfig } from '../model/config';
import { positionComponents } from '../model/config';
import type { LogitsModel } from '../model/logitsModel';
import type { OnnxBatch } from './feeds';
import { onnxBatchFromBatch } from './feeds';
import { createSession, runLogits, type OnnxProvider, type OnnxSession, type OnnxSessionOptions } from './runtime';

export interface OrtModelOptions {
  /** Rows per session run; larger batches are split (default 32). */
  maxBatch?: number;
  /** Pad T up to a multiple of this (default 1: no padding), never past maxT. */
  padTo?: number;
}

/** Rows b0..b1 of `b`, T padded to `T` with trailing pads (id 0, position 0, mask 0). */
function sliceRows(b: OnnxBatch, b0: number, b1: number, T: number, P: number): OnnxBatch {
  const B = b1 - b0;
  if (b0 === 0 && b1 === b.B && T === b.T) return b;
  const inputIds = new Int32Array(B * T), positions = new Int32Array(B * T * P), attentionMask = new Int32Array(B * T);
  const promptLen = new Int32Array(B);
  for (let i = 0; i < B; i++) {
    const src = (b0 + i) * b.T, dst = i * T;
    promptLen[i] = b.promptLen[b0 + i];
    for (let t = 0; t < b.T; t++) {
      inputIds[dst + t] = b.inputIds[src + t];
      attentionMask[dst + t] = b.attentionMask[src + t];
      for (let c = 0; c < P; c++) positions[(dst + t) * P + c] = b.positions[(src + t) * P + c];
    }
  }
  return { B, T, inputIds, positions, promptLen, attentionMask };
}

function checkOptions({ maxBatch = 32, padTo = 1 }: OrtModelOptions): Required<OrtModelOptions> {
  if (!Number.isInteger(maxBatch) || maxBatch < 1) throw new Error(`ort model: maxBatch must be a positive integer, got ${maxBatch}`);
  if (!Number.isInteger(padTo) || padTo < 1) throw new Error(`ort model: padTo must be a positive integer, got ${padTo}`);
  return { maxBatch, padTo };
}

export class OrtModel implements LogitsModel {
  readonly maxBatch: number;
  readonly maxT: number;
  private readonly padTo: number;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly session: OnnxSession, options: OrtModelOptions = {}) {
    const { maxBatch, padTo } = checkOptions(options);
    this.maxBatch = maxBatch;
    this.padTo = padTo;
    this.maxT = session.config.maxLen;
  }

  /** The export's base config (no registers, no extra heads). */
  get config(): ModelConfig {
    return this.session.config;
  }
  /** The execution provider that runs the model. */
  get provider(): OnnxProvider {
    return this.session.provider;
  }
  /** Why 'webgpu' was not used although preferred (one line). */
  get fallbackReason(): string | undefined {
    return this.session.fallbackReason;
  }

  logits(batch: Batch): Promise<Float32Array> {
    const run = this.queue.then(() => this.run(batch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async run(batch: Batch): Promise<Float32Array> {
    if (batch.T > this.maxT) throw new Error(`ort model: batch of ${batch.T} tokens per sequence, the model's maxLen is ${this.maxT}`);
    const whole = onnxBatchFromBatch(batch); // refuses register tokens
    const V = this.config.vocabSize, P = positionComponents(this.config), T = batch.T;
    const Tp = Math.min(this.maxT, Math.ceil(T / this.padTo) * this.padTo);
    if (batch.B <= this.maxBatch && Tp === T) return runLogits(this.session, whole);
    const out = new Float32Array(batch.B * T * V);
    for (let b0 = 0; b0 < batch.B; b0 += this.maxBatch) {
      const b1 = Math.min(batch.B, b0 + this.maxBatch);
      const logits = await runLogits(this.session, sliceRows(whole, b0, b1, Tp, P));
      for (let i = 0; i < b1 - b0; i++) out.set(logits.subarray(i * Tp * V, (i * Tp + T) * V), (b0 + i) * T * V);
    }
    return out;
  }

  /** Frees the session (the model is unusable afterwards). */
  async release(): Promise<void> {
    await this.queue;
    await this.session.session.release();
  }
}

/** A LogitsModel of exportOnnx bytes (bad files are refused with importOnnx's one-line errors). */
export async function createOrtModel(bytes: Uint8Array, session: OnnxSessionOptions, options: OrtModelOptions = {}): Promise<OrtModel> {
  checkOptions(options); // before a session exists that nothing would release
  let s: OnnxSession;
  try {
    s = await createSession(bytes, session);
  } catch (e) {
    // importOnnx's checks already say 'onnx import: ...' on one line; the runtime's own refusals may span lines.
    const message = (e instanceof Error ? e.message : String(e)).replace(/\s+/g, ' ').trim();
    throw new Error(message.startsWith('onnx import:') ? message : `onnx runtime: ${message}`, { cause: e });
  }
  return new OrtModel(s, options);
}
