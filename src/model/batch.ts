// A training/eval batch as the engine and the reference consume it: B sequences padded to T tokens.
// Built by src/mutor/ (NTP, MuToR, 2D MuToR, Multi-Token heads) from (prompt, answer) pairs.
//
// Who may attend to whom (computed inside the attention kernel from `kinds` and indices; never a T×T mask):
//   pad query or pad key            -> never (a pad query's attention output is 0)
//   prompt query q   -> prompt keys k (any order: bidirectional prefix)
//   answer query q   -> regular keys (prompt or answer) with k <= q
//   register query q -> regular keys with k < q, and itself (k == q); never another register
// Prompt tokens are contiguous at the start of a sequence: promptLen[b] of them.

export const TokenKind = { pad: 0, prompt: 1, answer: 2, register: 3 } as const;
export type TokenKindValue = (typeof TokenKind)[keyof typeof TokenKind];
export const tokenKindNames = ['pad', 'prompt', 'answer', 'register'] as const;
export type TokenKindName = (typeof tokenKindNames)[number];

export interface Batch {
  B: number;
  T: number;
  /** [B*T] input ids. ids >= vocabSize select registerEmbedding row (id - vocabSize). Pads use 0. */
  inputIds: Int32Array;
  /** [B*T*P] RoPE position ids, P = positionComponents(config) (1, or 2 for row/col). */
  positions: Int32Array;
  /** [B*T] TokenKind of each token. */
  kinds: Uint32Array;
  /** [B] number of prompt tokens at the start of each sequence (bidirectional prefix). */
  promptLen: Uint32Array;
  /** [H*B*T] target id for output head h at token t (-1: no target). H = outputHeads(config). */
  targets: Int32Array;
  /** [H*B*T] loss weight per target (0 = ignored). */
  weights: Float32Array;
  /** [H*B*T] loss group of each target (0 = next-token, 1 = registers, or every extra head pooled for Multi-Token heads). */
  lossGroups: Uint32Array;
  /** Coefficient of each loss group's mean in the total loss: L = Σ_g coef[g] · mean_g. */
  groupCoefficients: number[];
}

/** Every group's weighted mean CE plus the combined loss. Groups with no weight report NaN-free 0. */
export interface LossReport {
  total: number;
  groupMeans: number[];
  groupWeights: number[];
}

export function checkBatch(b: Batch, nHeadsOut: number, posComponents: number): void {
  const n = b.B * b.T;
  const expect = (name: string, len: number, want: number) => {
    if (len !== want) throw new Error(`batch: ${name} has ${len} entries, expected ${want}`);
  };
  expect('inputIds', b.inputIds.length, n);
  expect('positions', b.positions.length, n * posComponents);
  expect('kinds', b.kinds.length, n);
  expect('promptLen', b.promptLen.length, b.B);
  expect('targets', b.targets.length, n * nHeadsOut);
  expect('weights', b.weights.length, n * nHeadsOut);
  expect('lossGroups', b.lossGroups.length, n * nHeadsOut);
  // The attention kernel skips key tiles past max(query, promptLen - 1): every prompt token must lie before promptLen.
  for (let s = 0; s < b.B; s++) {
    for (let t = b.promptLen[s]; t < b.T; t++) {
      if (b.kinds[s * b.T + t] === TokenKind.prompt) throw new Error(`batch: sequence ${s} has a prompt token at ${t}, past promptLen ${b.promptLen[s]}`);
    }
  }
}

/** visible(q, k) for one sequence: the single definition of the attention mask, used by tests and the reference. */
export function canAttend(kinds: ArrayLike<number>, base: number, q: number, k: number): boolean {
  const kq = kinds[base + q], kk = kinds[base + k];
  if (kq === TokenKind.pad || kk === TokenKind.pad) return false;
  const keyRegular = kk === TokenKind.prompt || kk === TokenKind.answer;
  switch (kq) {
    case TokenKind.prompt: return kk === TokenKind.prompt;
    case TokenKind.answer: return keyRegular && k <= q;
    case TokenKind.register: return k === q || (keyRegular && k < q);
    default: return false;
  }
}
