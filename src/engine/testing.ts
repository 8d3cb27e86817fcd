// Fixtures for engine tests and benchmarks: odd-sized model configs and random batches that exercise every path
// (unequal lengths with pads, a bidirectional prompt prefix, registers, arbitrary position ids, extra heads).
import { TokenKind, type Batch } from '../model/batch';
import { positionComponents } from '../model/config';
import type { LoraConfig } from '../model/lora';
import { outputHeads, registerRows, type RunModelConfig } from '../model/methodTensors';
import type { Rng } from '../util/random';

export interface EngineTestOptions {
  tied: boolean;
  ropeMode: '1d' | '2d';
  /** Register rows (0: none). */
  registers: number;
  /** Output heads beyond the next-token head (0: none). */
  extraHeads: number;
  /** The extra heads are DeepSeek-V3's sequential MTP modules (each reads the one before it). */
  sequential?: boolean;
  /** LoRA adapters on the trunk's projections. */
  lora?: LoraConfig;
  /** The MLP's width (default 40). */
  dFF?: number;
}

/** vocab 37, dModel 24, 3 heads (hd 8), dFF 40 (unless given), 2 layers. */
export function engineTestConfig(o: EngineTestOptions): RunModelConfig {
  return {
    vocabSize: 37, dModel: 24, nLayers: 2, nHeads: 3, dFF: o.dFF ?? 40, maxLen: 32, tieEmbeddings: o.tied, ropeTheta: 10000,
    ropeMode: o.ropeMode, normEps: 1e-5,
    methodTensors: { registerRows: o.registers, outputHeads: 1 + o.extraHeads, ...(o.sequential && { extraHeads: 'sequential' }) },
    ...(o.lora && { lora: o.lora }),
  };
}

/**
 * B sequences padded to T: the first full, the others of random lengths in [T/3, T), so every batch has pads.
 * Each: a prompt of 1..3 tokens, then answer tokens with registers (when the config has register rows) in random
 * answer slots. Position ids random in [0, maxLen) per component. Head 0: every non-pad token but the first
 * predicts a random token (group 1 for registers, 0 otherwise); extra heads: answer tokens, group 1. Weights
 * random in [0.5, 1.5), a few zero.
 */
export function randomEngineBatch(config: RunModelConfig, B: number, T: number, rng: Rng, coefficients = [0.7, 0.3]): Batch {
  const N = B * T, V = config.vocabSize, P = positionComponents(config), H = outputHeads(config);
  const batch: Batch = {
    B, T, inputIds: new Int32Array(N), positions: new Int32Array(N * P), kinds: new Uint32Array(N), promptLen: new Uint32Array(B),
    targets: new Int32Array(H * N).fill(-1), weights: new Float32Array(H * N), lossGroups: new Uint32Array(H * N),
    groupCoefficients: coefficients,
  };
  for (let b = 0; b < B; b++) {
    const len = b === 0 ? T : Math.ceil(T / 3) + rng.int(T - Math.ceil(T / 3));
    const prompt = Math.min(len, 1 + rng.int(3));
    batch.promptLen[b] = prompt;
    for (let t = 0; t < len; t++) {
      const n = b * T + t;
      const register = t >= prompt + 1 && registerRows(config) > 0 && rng.next() < 0.35;
      const kind = t < prompt ? TokenKind.prompt : register ? TokenKind.register : TokenKind.answer;
      batch.kinds[n] = kind;
      batch.inputIds[n] = register ? V + rng.int(registerRows(config)) : rng.int(V);
      for (let c = 0; c < P; c++) batch.positions[n * P + c] = rng.int(config.maxLen);
      if (t > 0) {
        batch.targets[n] = rng.int(V);
        batch.weights[n] = rng.next() < 0.1 ? 0 : 0.5 + rng.next();
        batch.lossGroups[n] = register ? 1 : 0;
      }
      for (let h = 1; h < H; h++) {
        if (kind !== TokenKind.answer) continue;
        batch.targets[h * N + n] = rng.int(V);
        batch.weights[h * N + n] = 0.5 + rng.next();
        batch.lossGroups[h * N + n] = 1;
      }
    }
  }
  return batch;
}

/** The micro-batches as one batch of B·k sequences (heads stay outermost in targets/weights/groups). */
export function concatBatches(parts: Batch[], config: RunModelConfig): Batch {
  const H = outputHeads(config), N = parts[0].B * parts[0].T;
  const cat = <A extends Int32Array | Uint32Array | Float32Array>(get: (b: Batch) => A, perHead: boolean): A => {
    const first = get(parts[0]);
    const out = new (first.constructor as new (n: number) => A)(first.length * parts.length);
    if (!perHead) parts.forEach((b, i) => out.set(get(b), i * first.length));
    else for (let h = 0; h < H; h++) parts.forEach((b, i) => out.set(get(b).subarray(h * N, (h + 1) * N), (h * parts.length + i) * N));
    return out;
  };
  return {
    B: parts[0].B * parts.length, T: parts[0].T,
    inputIds: cat((b) => b.inputIds, false), positions: cat((b) => b.positions, false), kinds: cat((b) => b.kinds, false),
    promptLen: cat((b) => b.promptLen, false), targets: cat((b) => b.targets, true), weights: cat((b) => b.weights, true),
    lossGroups: cat((b) => b.lossGroups, true), groupCoefficients: parts[0].groupCoefficients,
  };
}
