// The model a run starts from: a shipped pretrained model (public/models/<id>.onnx), a user's ONNX file, or a fresh
// seeded init. Extended to the method's shape: register rows or extra heads are added, everything else copied.
import type { ModelConfig } from '../model/config';
import type { RunModelConfig } from '../model/methodTensors';
import { buildLayout } from '../model/layout';
import { defaultModelSize, scratchConfig, type ModelSize } from '../model/size';
import { methodOf, type MethodConfig } from '../methods/registry';
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
 * Parameters for `target` (the base config plus the method's tensors): a seeded init of `target`, then every tensor
 * copied from the base tensor the method starts it from (its own name unless the method says otherwise, e.g. an
 * extra head from the last trunk block); tensors the base lacks (register rows) keep their fresh init.
 */
export function extendParameters(base: BaseModel, method: MethodConfig, target: RunModelConfig, seed: number): Float32Array {
  const from = buildLayout(base.config), to = buildLayout(target);
  const startFrom = methodOf(method.kind).initialTensorFrom;
  const params = initParameters(target, seed);
  for (const t of to.tensors) {
    const s = from.byName.get(startFrom ? startFrom(t.name, base.config) : t.name);
    if (!s) continue;
    if (s.size !== t.size) throw new Error(`base model tensor ${s.name} has ${s.size} values, the run needs ${t.size}`);
    params.set(base.params.subarray(s.offset, s.offset + s.size), t.offset);
  }
  return params;
}
