// What one run of an exported model takes: the graph inputs (names.ts) as plain arrays, and their derivation from
// our Batch. An exported model has no registers, so a batch with register tokens is refused.
import type { Batch } from '../model/batch';
import { TokenKind } from '../model/batch';
import type { ModelConfig } from '../model/config';
import { positionComponents } from '../model/config';

export interface OnnxBatch {
  B: number;
  T: number;
  /** [B*T] token ids (< vocabSize). */
  inputIds: ArrayLike<number>;
  /** [B*T*P] RoPE position ids, P = 1 (1D) or 2 (2D: row, col). */
  positions: ArrayLike<number>;
  /** [B] bidirectional prefix length per sequence. */
  promptLen: ArrayLike<number>;
  /** [B*T] 1 real token, 0 pad. */
  attentionMask: ArrayLike<number>;
}

export function onnxBatchFromBatch(batch: Batch): OnnxBatch {
  const attentionMask = new Int32Array(batch.B * batch.T);
  batch.kinds.forEach((kind, n) => {
    if (kind === TokenKind.register) {
      throw new Error('onnx: an exported model has no registers; build the batch without register tokens');
    }
    attentionMask[n] = kind === TokenKind.pad ? 0 : 1;
  });
  return { B: batch.B, T: batch.T, inputIds: batch.inputIds, positions: batch.positions, promptLen: batch.promptLen, attentionMask };
}

/**
 * Per input name: int64 data and dims; position_ids is [B, T] for 1D RoPE, [B, T, 2] for 2D. Checks every value the
 * graph gathers with (an out-of-range Gather is an error on wasm but silently wrong on WebGPU): ids < vocabSize,
 * positions < maxLen (the RoPE tables' rows), prompt_len <= T, attention_mask 0 or 1.
 */
export function onnxFeeds(b: OnnxBatch, config: ModelConfig): Record<string, { data: BigInt64Array; dims: number[] }> {
  const n = b.B * b.T, P = positionComponents(config);
  const check = (name: string, values: ArrayLike<number>, count: number, limit: number) => {
    if (values.length !== count) throw new Error(`onnx feeds: ${name} has ${values.length} entries, expected ${count}`);
    for (let i = 0; i < count; i++) {
      const v = values[i];
      if (!Number.isInteger(v) || v < 0 || v >= limit) throw new Error(`onnx feeds: ${name}[${i}] = ${v} is outside [0, ${limit})`);
    }
  };
  check('inputIds', b.inputIds, n, config.vocabSize);
  check('positions', b.positions, n * P, config.maxLen);
  check('promptLen', b.promptLen, b.B, b.T + 1);
  check('attentionMask', b.attentionMask, n, 2);
  const int64 = (a: ArrayLike<number>) => BigInt64Array.from(Array.from(a), BigInt);
  return {
    input_ids: { data: int64(b.inputIds), dims: [b.B, b.T] },
    position_ids: { data: int64(b.positions), dims: P === 1 ? [b.B, b.T] : [b.B, b.T, P] },
    prompt_len: { data: int64(b.promptLen), dims: [b.B] },
    attention_mask: { data: int64(b.attentionMask), dims: [b.B, b.T] },
  };
}
