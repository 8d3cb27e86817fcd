// The model: a small Llama-style decoder.
//   x = tokenEmbedding[id]  (or registerEmbedding[id - vocabSize] for register tokens)
//   for each of nLayers blocks:
//     x = x + Wo · attention(RoPE(Wq·rms(x)), RoPE(Wk·rms(x)), Wv·rms(x))     (rms = RMSNorm with gain attnNorm)
//     x = x + Wdown · (silu(Wgate·rms(x)) * (Wup·rms(x)))                     (rms with gain mlpNorm)
//   logits = rms(x; finalNorm) · lmHead        (lmHead = tokenEmbeddingᵀ when tieEmbeddings)
// Multi-token-heads baseline: extra blocks on the trunk's last hidden state, sharing finalNorm and lmHead.
//
// Conventions shared by the WGSL engine, the float64 reference and ONNX export:
// - matrices are stored row-major as [in, out]: y = x @ W (same as ONNX MatMul).
// - no biases anywhere; RMSNorm: y = x / sqrt(mean(x²) + normEps) * gain.
// - attention scale 1/sqrt(headDim); heads are contiguous slices of d_model (head h = columns h*hd..(h+1)*hd).
// - RoPE "rotate half" (Llama/HF): for pair i in [0, hd/2): (x[i], x[i+hd/2]) rotated by angle pos * theta^(-2i/hd).
//   ropeMode '2d': the head dim is split in two halves; the first half is RoPE'd (rotate-half within the half,
//   frequencies theta^(-2i/(hd/2))) with position component 0 (row), the second half likewise with component 1 (col).
export interface ModelConfig {
  vocabSize: number;
  dModel: number;
  nLayers: number;
  nHeads: number;
  /** SwiGLU hidden width. */
  dFF: number;
  /** Longest sequence (registers included) the model is used with. */
  maxLen: number;
  tieEmbeddings: boolean;
  ropeTheta: number;
  ropeMode: '1d' | '2d';
  normEps: number;
}

export const defaultModelConfig: ModelConfig = {
  vocabSize: 64,
  dModel: 64,
  nLayers: 4,
  nHeads: 4,
  dFF: 172,
  maxLen: 128,
  tieEmbeddings: true,
  ropeTheta: 10000,
  ropeMode: '1d',
  normEps: 1e-5,
};

export function headDim(c: ModelConfig): number {
  return c.dModel / c.nHeads;
}

/** Number of position components per token: 1 for 1D RoPE, 2 (row, col) for 2D RoPE. */
export function positionComponents(c: ModelConfig): 1 | 2 {
  return c.ropeMode === '2d' ? 2 : 1;
}

/** Longest sequence a model may declare: far above any task here (a few hundred tokens), far below what would make
 * a position table or an engine for one sequence absurd (maxLen 1e9 in a tampered file). */
export const MAX_SEQUENCE_LENGTH = 65536;

/** Throws a readable error for configurations the engine cannot run. */
export function validateModelConfig(c: ModelConfig): void {
  const positive = ['vocabSize', 'dModel', 'nLayers', 'nHeads', 'dFF', 'maxLen'] as const;
  for (const k of positive) {
    if (!Number.isInteger(c[k]) || c[k] <= 0) throw new Error(`model config: ${k} must be a positive integer, got ${c[k]}`);
  }
  if (c.maxLen > MAX_SEQUENCE_LENGTH) throw new Error(`model config: maxLen ${c.maxLen} is above ${MAX_SEQUENCE_LENGTH}`);
  for (const k of ['ropeTheta', 'normEps'] as const) {
    if (!(Number.isFinite(c[k]) && c[k] > 0)) throw new Error(`model config: ${k} must be a finite number > 0, got ${c[k]}`);
  }
  if (c.dModel % c.nHeads !== 0) throw new Error(`model config: dModel ${c.dModel} is not divisible by nHeads ${c.nHeads}`);
  const hd = headDim(c);
  const ropeUnit = c.ropeMode === '2d' ? 4 : 2;
  if (hd % ropeUnit !== 0) throw new Error(`model config: head dim ${hd} must be a multiple of ${ropeUnit} for ${c.ropeMode} RoPE`);
}
