// The model a run starts from: a shipped pretrained model (public/models/<id>.onnx), a user's ONNX file, or a fresh
// seeded init (loadBaseModel, for the page's Worker and the CLI). Extended to the method's shape: register rows or extra heads are added, everything else copied.
import type { ExperimentConfig } from '../experiment/schema';
import type { ModelConfig } from '../model/config';
import type { RunModelConfig } from '../model/methodTensors';
import { buildLayout } from '../model/layout';
import { defaultModelSize, scratchConfig, type ModelSize } from '../model/size';
import { methodOf, type MethodConfig } from '../methods/registry';
import { initParameters } from '../reference/init';
import { importOnnx } from '../onnx/import';
import { tasks } from '../tasks';
import { checkVocabulary } from '../tasks/tokenizer';

export interface BaseModel {
  config: ModelConfig;
  params: Float32Array;
  /** Where it came from, for model cards and the UI. */
  source: string;
}

/** A fresh model; with 2D RoPE for an image task (`taskName` with a grid). */
export function scratchModel(seed: number, size: ModelSize = defaultModelSize, taskName?: string): BaseModel {
  const config = scratchConfig(size, taskName && tasks[taskName]?.grid ? '2d' : '1d');
  return { config, params: initParameters(config, seed), source: `scratch (seed ${seed})` };
}

/** Where the models an experiment may start from are read: the shipped ones, and the user's own file. */
export interface ModelFiles {
  /** A shipped model's ONNX bytes, `path` as 'models/<id>.onnx' (under public/ in the repository, beside the page). */
  shipped(path: string): Promise<Uint8Array> | Uint8Array;
  /** The user's file the experiment names; throws, saying how to give it, when there is none. */
  userFile(name: string): Uint8Array;
}

/** The model an experiment starts from (the page's Worker and the CLI alike): a seeded init, a shipped model or a file. */
export async function loadBaseModel(exp: ExperimentConfig, files: ModelFiles): Promise<BaseModel> {
  switch (exp.model.id) {
    case 'scratch':
      return scratchModel(exp.seed, exp.model.scratch, exp.task.name);
    case 'file':
      return modelFromOnnx(files.userFile(exp.model.fileName), exp.model.fileName);
    default: {
      const path = `models/${exp.model.id}.onnx`;
      return modelFromOnnx(await files.shipped(path), path);
    }
  }
}

export function modelFromOnnx(bytes: Uint8Array, source: string): BaseModel {
  const { config, params } = importOnnx(bytes);
  checkVocabulary(config.vocabSize, source);
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
