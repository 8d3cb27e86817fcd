// Seeded models and batches for the ONNX tests (imported by *.test.ts only).
import type { Batch, TokenKindValue } from '../model/batch';
import { TokenKind } from '../model/batch';
import { positionComponents } from '../model/config';
import type { RunModelConfig } from '../model/methodTensors';
import { buildLayout } from '../model/layout';
import { createRng } from '../util/random';

/** vocab 37, dModel 24, 3 heads (hd 8), dFF 40, 2 layers; registers and heads off unless given. */
export function onnxTestConfig(o: Partial<RunModelConfig> = {}): RunModelConfig {
  return {
    vocabSize: 37, dModel: 24, nLayers: 2, nHeads: 3, dFF: 40, maxLen: 32, tieEmbeddings: true, ropeTheta: 10000,
    ropeMode: '1d', normEps: 1e-5, ...o,
  };
}

/**
 * Parameters far from init's near-linear regime, so attention is peaked and every nonlinearity matters: embeddings
 * N(0, 1), matrices N(0, 0.3²), gains 1 + N(0, 0.2²). Alignment gaps stay 0.
 */
export function randomParams(config: RunModelConfig, seed: number): Float32Array {
  const rng = createRng(seed);
  const layout = buildLayout(config);
  const p = new Float32Array(layout.totalSize);
  for (const t of layout.tensors) {
    const gain = t.shape.length === 1, embedding = t.name.endsWith('Embedding');
    for (let i = t.offset; i < t.offset + t.size; i++) p[i] = gain ? 1 + 0.2 * rng.normal() : (embedding ? 1 : 0.3) * rng.normal();
  }
  return p;
}

const P = TokenKind.prompt, A = TokenKind.answer, X = TokenKind.pad;

/** B = 3, T = 9: a full sequence, and two with trailing pads; prompts of 3, 2 and 5 tokens. */
const sequenceKinds: TokenKindValue[][] = [
  [P, P, P, A, A, A, A, A, A],
  [P, P, A, A, A, A, X, X, X],
  [P, P, P, P, P, A, X, X, X],
];

/**
 * A register-free batch with position ids that are not 0..T-1: 1D ids start anywhere in [0, 4) and step by 0, 1 or 2
 * (repeats and gaps, as registers cause); 2D (row, col) ids are random in [0, 6). Pads: id 0, position 0.
 * Targets are all -1 (the tests compare logits only).
 */
export function onnxTestBatch(config: RunModelConfig, seed: number): Batch {
  const rng = createRng(seed);
  const B = sequenceKinds.length, T = sequenceKinds[0].length, N = B * T, Pc = positionComponents(config);
  const inputIds = new Int32Array(N), kinds = new Uint32Array(N), positions = new Int32Array(N * Pc);
  const promptLen = new Uint32Array(B);
  for (let b = 0; b < B; b++) {
    let pos = rng.int(4);
    for (let t = 0; t < T; t++) {
      const n = b * T + t, kind = sequenceKinds[b][t];
      kinds[n] = kind;
      if (kind === X) continue;
      if (kind === P) promptLen[b]++;
      inputIds[n] = rng.int(config.vocabSize);
      if (Pc === 1) positions[n] = pos;
      else for (let c = 0; c < Pc; c++) positions[n * Pc + c] = rng.int(6);
      pos += rng.int(3);
    }
  }
  return {
    B, T, inputIds, positions, kinds, promptLen,
    targets: new Int32Array(N).fill(-1), weights: new Float32Array(N), lossGroups: new Uint32Array(N), groupCoefficients: [1],
  };
}
