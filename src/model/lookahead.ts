// The batch as DeepSeek-V3's MTP module k sees it (methodTensors.ts, extraHeads 'sequential'): token i of a sequence
// carries the embedding of token i + k, so it takes token i + k's id and kind; the last k slots of each sequence
// become pads. Positions stay (token i keeps its RoPE position).
//
//   kinds_k[b, i] = kinds[b, i + k]   (pad when i + k >= T)        promptLen_k[b] = max(0, promptLen[b] - k)
//
// Why the kinds move with the ids: slot i of module k has seen tokens up to i + k, so it must attend like token
// i + k. A slot is a prompt slot (bidirectional prefix) only while i + k is a prompt token, so no slot can attend to
// a slot whose input already holds its own target x_{i+k+1}; an answer slot sees the slots j <= i. The masks of the
// engine and the reference (canAttend) then need nothing new.
import type { Batch } from './batch';
import { TokenKind } from './batch';

export interface ShiftedSequence {
  /** [B*T] ids of tokens i + k (0 on the pad slots). */
  inputIds: Int32Array;
  /** [B*T] kinds of tokens i + k (pad past the end). */
  kinds: Uint32Array;
  /** [B] prompt slots at the start of each sequence. */
  promptLen: Uint32Array;
}

/** Module k's view of the batch (k >= 1). */
export function shiftedSequence(batch: Pick<Batch, 'B' | 'T' | 'inputIds' | 'kinds' | 'promptLen'>, k: number): ShiftedSequence {
  if (!Number.isInteger(k) || k < 1) throw new Error(`shiftedSequence: k must be an integer >= 1, got ${k}`);
  const { B, T } = batch;
  const inputIds = new Int32Array(B * T), kinds = new Uint32Array(B * T).fill(TokenKind.pad), promptLen = new Uint32Array(B);
  for (let b = 0; b < B; b++) {
    const row = b * T;
    for (let i = 0; i + k < T; i++) {
      inputIds[row + i] = batch.inputIds[row + i + k];
      kinds[row + i] = batch.kinds[row + i + k];
    }
    promptLen[b] = Math.max(0, batch.promptLen[b] - k);
  }
  return { inputIds, kinds, promptLen };
}
