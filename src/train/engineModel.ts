// The training engine as a LogitsModel: what generation and evaluation (generate.ts, evaluate.ts) score. Batches
// smaller than the engine's fixed B × T are padded to it; decoding goes through the engine's KV-cache decoder.
import type { TrainingEngine } from '../engine/trainingEngine';
import type { Batch } from '../model/batch';
import { positionComponents } from '../model/config';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import type { DecodeSession, LogitsModel } from '../model/logitsModel';
import type { Grid } from '../tasks/task';

/** Pads a smaller batch to the engine's fixed B × T (extra rows are all pads, extra columns pads). */
export function padBatch(batch: Batch, B: number, T: number, H: number, P: number): Batch {
  if (batch.B === B && batch.T === T) return batch;
  if (batch.B > B || batch.T > T) throw new Error(`batch ${batch.B}×${batch.T} does not fit the engine's ${B}×${T}`);
  const out: Batch = {
    B, T,
    inputIds: new Int32Array(B * T),
    positions: new Int32Array(B * T * P),
    kinds: new Uint32Array(B * T),
    promptLen: new Uint32Array(B),
    targets: new Int32Array(H * B * T).fill(-1),
    weights: new Float32Array(H * B * T),
    lossGroups: new Uint32Array(H * B * T),
    groupCoefficients: batch.groupCoefficients,
  };
  out.promptLen.set(batch.promptLen);
  for (let b = 0; b < batch.B; b++) {
    const src = b * batch.T, dst = b * T;
    out.inputIds.set(batch.inputIds.subarray(src, src + batch.T), dst);
    out.kinds.set(batch.kinds.subarray(src, src + batch.T), dst);
    out.positions.set(batch.positions.subarray(src * P, (src + batch.T) * P), dst * P);
    for (let h = 0; h < H; h++) {
      const hs = (h * batch.B + b) * batch.T, hd = (h * B + b) * T;
      out.targets.set(batch.targets.subarray(hs, hs + batch.T), hd);
      out.weights.set(batch.weights.subarray(hs, hs + batch.T), hd);
      out.lossGroups.set(batch.lossGroups.subarray(hs, hs + batch.T), hd);
    }
  }
  return out;
}

export class EngineModel implements LogitsModel {
  constructor(readonly engine: TrainingEngine) {}

  get config(): RunModelConfig {
    return this.engine.config;
  }
  get maxBatch(): number {
    return this.engine.B;
  }
  get maxT(): number {
    return this.engine.T;
  }

  async logits(batch: Batch): Promise<Float32Array> {
    const { engine, config } = this;
    const H = outputHeads(config), P = positionComponents(config);
    const padded = padBatch(batch, engine.B, engine.T, H, P);
    const { logits } = await engine.forward(padded, { logits: true });
    if (!logits) throw new Error('engine returned no logits');
    if (padded === batch) return logits;
    // Re-pack [H][B'*T'*V] rows of the padded batch into the caller's [H][B*T*V].
    const V = config.vocabSize, out = new Float32Array(H * batch.B * batch.T * V);
    for (let h = 0; h < H; h++)
      for (let b = 0; b < batch.B; b++) {
        const src = ((h * engine.B + b) * engine.T) * V, dst = ((h * batch.B + b) * batch.T) * V;
        out.set(logits.subarray(src, src + batch.T * V), dst);
      }
    return out;
  }

  async openDecoder(prompts: number[][], grid?: Grid): Promise<DecodeSession> {
    return (await this.engine.decoder()).open(prompts, grid);
  }
}
