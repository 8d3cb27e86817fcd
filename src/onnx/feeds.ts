// What one run of an exported model takes: the graph inputs (names.ts) as plain arrays, and their derivation from
// our Batch. An exported model has no registers, so a batch with register tokens is refused.
import type { Batch } from '../model/batch';
import { TokenKind } from '../model/batch';

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

/** Per input name: int64 data and dims. position_ids is [B, T] for P = 1, [B, T, P] otherwise. */
export function onnxFeeds(b: OnnxBatch): Record<string, { data: BigInt64Array; dims: number[] }> {
  const n = b.B * b.T;
  const P = b.positions.length / n;
  const check = (name: string, len: number, want: number) => {
    if (len !== want) throw new Error(`onnx feeds: ${name} has ${len} entries, expected ${want}`);
  };
  check('inputIds', b.inputIds.length, n);
  check('promptLen', b.promptLen.length, b.B);
  check('attentionMask', b.attentionMask.length, n);
  if (P !== 1 && P !== 2) throw new Error(`onnx feeds: positions has ${b.positions.length} entries, expected ${n} or ${2 * n}`);
  const int64 = (a: ArrayLike<number>) => BigInt64Array.from(Array.from(a), BigInt);
  return {
    input_ids: { data: int64(b.inputIds), dims: [b.B, b.T] },
    position_ids: { data: int64(b.positions), dims: P === 1 ? [b.B, b.T] : [b.B, b.T, P] },
    prompt_len: { data: int64(b.promptLen), dims: [b.B] },
    attention_mask: { data: int64(b.attentionMask), dims: [b.B, b.T] },
  };
}
