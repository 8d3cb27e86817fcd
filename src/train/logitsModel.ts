// Anything that turns a Batch into logits: the WebGPU engine, or an onnxruntime session (mutor eval).
// Generation and evaluation are written against this, so they score every backend the same way.
import type { Batch } from '../model/batch';
import type { ModelConfig } from '../model/config';

export interface LogitsModel {
  config: ModelConfig;
  /** Largest batch rows and sequence length one call takes. */
  maxBatch: number;
  maxT: number;
  /** Logits of every output head: [H][B*T*V] flattened, H = 1 + config.nExtraHeads. */
  logits(batch: Batch): Promise<Float32Array>;
}
