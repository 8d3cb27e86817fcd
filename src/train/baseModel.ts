// The model a run starts from: a shipped pretrained model (public/models/<id>.onnx), a user's ONNX file, or a fresh
// seeded init. Extended to the method's shape: register rows or extra heads are added, everything else copied.
import type { ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import { defaultModelSize, scratchConfig, type ModelSize } from '../model/size';
import { initParameters } from '../reference/init';
import { importOnnx } from '../onnx/import';
import { VOCAB_SIZE } from '../tasks/tokenizer';

export interface BaseModel {
  config: ModelConfig;
  params: Float32Array;
  /** Where it came from, for model cards and the UI. */
  source: string;
}

export function scratchModel(seed: number, size: ModelSize = defaultModelSize): BaseModel {
  const config = scratchConfig(size);
  return { config, params: initParameters(config, seed), source: `scratch (seed ${seed})` };
}

export function modelFromOnnx(bytes: Uint8Array, source: string): BaseModel {
  const { config, params } = importOnnx(bytes);
  if (config.vocabSize !== VOCAB_SIZE) {
    throw new Error(`${source}: vocabulary of ${config.vocabSize} tokens, the playground's tasks use ${VOCAB_SIZE}`);
  }
  return { config, params, source };
}

/**
 * Parameters for `target` (the base config plus the method's register rows / extra heads): base tensors copied,
 * register rows from a seeded init, each extra head initialised as a copy of the last trunk block (a pretrained
 * block is a better start for a new head than noise; from scratch it is the same init either way).
 */
export function extendParameters(base: BaseModel, target: ModelConfig, seed: number): Float32Array {
  const from = buildLayout(base.config), to = buildLayout(target);
  const params = initParameters(target, seed);
  for (const t of to.tensors) {
    const sourceName = t.name.startsWith('heads.') ? t.name.replace(/^heads\.\d+\./, `layers.${base.config.nLayers - 1}.`) : t.name;
    const s = from.byName.get(sourceName);
    if (!s) continue; // registerEmbedding: keeps its fresh init
    if (s.size !== t.size) throw new Error(`base model tensor ${s.name} has ${s.size} values, the run needs ${t.size}`);
    params.set(base.params.subarray(s.offset, s.offset + s.size), t.offset);
  }
  return params;
}
