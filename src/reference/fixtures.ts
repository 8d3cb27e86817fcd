// Small odd-sized configs, random parameters and a hand-laid batch for tests of the reference (and, later, of the
// engine against the reference). Everything is seeded.
import type { Batch, TokenKindValue } from '../model/batch';
import { TokenKind } from '../model/batch';
import { positionComponents } from '../model/config';
import { NO_METHOD_TENSORS, outputHeads, registerRows, type RunModelConfig } from '../model/methodTensors';
import { buildLayout } from '../model/layout';
import type { LoraConfig } from '../model/lora';
import { createRng } from '../util/random';

export interface TestConfigOptions {
  tied: boolean;
  ropeMode: '1d' | '2d';
  /** Two register rows and one extra head when true; a plain NTP model otherwise. */
  registersAndHeads: boolean;
  /** LoRA adapters on the trunk's projections. */
  lora?: LoraConfig;
}

/** vocab 11, dModel 12, 3 heads (hd 4), dFF 10, 2 layers. */
export function smallTestConfig(o: TestConfigOptions): RunModelConfig {
  return {
    vocabSize: 11,
    dModel: 12,
    nLayers: 2,
    nHeads: 3,
    dFF: 10,
    maxLen: 16,
    tieEmbeddings: o.tied,
    ropeTheta: 10000,
    ropeMode: o.ropeMode,
    normEps: 1e-5,
    methodTensors: o.registersAndHeads ? { registerRows: 2, outputHeads: 2 } : NO_METHOD_TENSORS,
    ...(o.lora && { lora: o.lora }),
  };
}

/**
 * Parameters large enough that attention is far from uniform and every nonlinearity is exercised
 * (init's std 0.02 would make the model nearly linear): matrices N(0, 0.3²), embeddings N(0, 1), gains 1 + N(0, 0.2²).
 * LoRA adapters' A and B alike N(0, 0.3²): B = 0 would leave A's gradient 0.
 * Alignment gaps stay 0.
 */
export function randomTestParams(config: RunModelConfig, seed: number): Float64Array {
  const layout = buildLayout(config);
  const rng = createRng(seed);
  const p = new Float64Array(layout.totalSize);
  for (const t of layout.tensors) {
    const gain = t.shape.length === 1;
    const embedding = t.name === 'tokenEmbedding' || t.name === 'registerEmbedding';
    for (let i = t.offset; i < t.offset + t.size; i++) {
      p[i] = gain ? 1 + 0.2 * rng.normal() : (embedding ? 1 : 0.3) * rng.normal();
    }
  }
  return p;
}

const P = TokenKind.prompt, A = TokenKind.answer, R = TokenKind.register, X = TokenKind.pad;

/** Kinds of the three test sequences (T = 7): unequal lengths, pads, prompt prefixes, registers when enabled. */
export function testSequenceKinds(withRegisters: boolean): TokenKindValue[][] {
  if (!withRegisters) return [[P, P, A, A, A, A, A], [P, P, P, A, A, X, X], [P, A, A, X, X, X, X]];
  return [[P, P, R, A, R, A, A], [P, P, P, A, R, A, X], [P, A, R, A, X, X, X]];
}

/**
 * B = 3, T = 7. Ids random (registers: V + row, rows alternate); positions random in [0, maxLen) per component.
 * Head 0: regular non-pad tokens predict group 0 except the first prompt token (no target); registers group 1.
 * Extra heads: answer tokens, pooled into group 1 (the batch contract's Multi-Token heads group; real batches never
 * mix registers and extra heads, the fixture does so that one group spans two output heads). One pad row carries a
 * target with weight 0 (must be ignored). Weights random in [0.5, 1.5). groupCoefficients has one more group than
 * used (it must report 0).
 */
export function makeTestBatch(config: RunModelConfig, seed: number): Batch {
  const rng = createRng(seed);
  const withRegisters = registerRows(config) > 0;
  const kindsBySeq = testSequenceKinds(withRegisters);
  const B = kindsBySeq.length, T = kindsBySeq[0].length, N = B * T, V = config.vocabSize;
  const H = outputHeads(config), Pc = positionComponents(config);
  const inputIds = new Int32Array(N), kinds = new Uint32Array(N), positions = new Int32Array(N * Pc);
  const promptLen = new Uint32Array(B);
  const targets = new Int32Array(H * N).fill(-1), weights = new Float32Array(H * N), lossGroups = new Uint32Array(H * N);
  let registerRow = 0;
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const n = b * T + t, kind = kindsBySeq[b][t];
      kinds[n] = kind;
      if (kind === P) promptLen[b]++;
      if (kind === R) inputIds[n] = V + (registerRow++ % registerRows(config));
      else if (kind !== X) inputIds[n] = rng.int(V);
      for (let c = 0; c < Pc; c++) positions[n * Pc + c] = kind === X ? 0 : rng.int(config.maxLen);
      if (kind === X) continue;
      if (!(kind === P && t === 0)) {
        targets[n] = rng.int(V);
        weights[n] = 0.5 + rng.next();
        lossGroups[n] = kind === R ? 1 : 0;
      }
      for (let h = 1; h < H; h++) {
        if (kind !== A) continue;
        targets[h * N + n] = rng.int(V);
        weights[h * N + n] = 0.5 + rng.next();
        lossGroups[h * N + n] = 1;
      }
    }
  }
  const padRow = kinds.indexOf(X);
  if (padRow >= 0) targets[padRow] = 3; // weight stays 0: ignored
  const groupCoefficients = withRegisters ? [0.7, 0.3, 0.9] : [1, 0.9];
  return { B, T, inputIds, positions, kinds, promptLen, targets, weights, lossGroups, groupCoefficients };
}
