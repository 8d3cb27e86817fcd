// Pretraining batches: documents of the general mixture (src/tasks/pretrainMixture.ts, none of the fine-tuning
// formats) as BOS text EOS, packed back to back and cut into T-token windows; plain causal next-token prediction
// (every token kind 'answer', no prompt prefix). Batch i is a pure function of (seed, i), so a resumed run sees
// exactly the batches it would have seen without stopping.
import { TokenKind, type Batch } from '../model/batch';
import { pretrainDocuments } from '../tasks/pretrainMixture';
import { BOS, EOS, encode } from '../tasks/tokenizer';
import { createRng } from '../util/random';

/** The token stream of batch `index`: enough documents for B windows of T + 1 tokens. */
function tokensFor(seed: number, index: number, need: number): number[] {
  // Distinct, well-mixed stream per (seed, index).
  const rng = createRng((Math.imul(seed + 1, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const out: number[] = [];
  while (out.length < need) {
    for (const doc of pretrainDocuments(rng, 8)) out.push(BOS, ...encode(doc), EOS);
  }
  return out;
}

export function pretrainBatch(seed: number, index: number, B: number, T: number): Batch {
  const stream = tokensFor(seed, index, B * (T + 1));
  const n = B * T;
  const batch: Batch = {
    B, T,
    inputIds: new Int32Array(n),
    positions: new Int32Array(n),
    kinds: new Uint32Array(n).fill(TokenKind.answer),
    promptLen: new Uint32Array(B),
    targets: new Int32Array(n),
    weights: new Float32Array(n).fill(1),
    lossGroups: new Uint32Array(n),
    groupCoefficients: [1],
  };
  for (let b = 0; b < B; b++) {
    const window = stream.slice(b * (T + 1), (b + 1) * (T + 1));
    for (let t = 0; t < T; t++) {
      batch.inputIds[b * T + t] = window[t];
      batch.positions[b * T + t] = t;
      batch.targets[b * T + t] = window[t + 1];
    }
  }
  return batch;
}
