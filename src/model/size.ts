// The size of a model trained from scratch: what an experiment chooses (d_model, layers, heads, SwiGLU width, longest
// sequence). Everything else of its shape is defaultModelConfig's, with the tasks' vocabulary.
import { VOCAB_SIZE } from '../tasks/tokenizer';
import { defaultModelConfig, type ModelConfig } from './config';
import { buildLayout } from './layout';

export type ModelSize = Pick<ModelConfig, 'dModel' | 'nLayers' | 'nHeads' | 'dFF' | 'maxLen'>;

/** The size the playground always trained from scratch at (nano's shape): old links keep it. */
export const defaultModelSize: ModelSize = {
  dModel: defaultModelConfig.dModel,
  nLayers: defaultModelConfig.nLayers,
  nHeads: defaultModelConfig.nHeads,
  dFF: defaultModelConfig.dFF,
  maxLen: defaultModelConfig.maxLen,
};

/** `ropeMode` '2d' for image tasks (a (row, column) position per token). */
export function scratchConfig(size: ModelSize = defaultModelSize, ropeMode: ModelConfig['ropeMode'] = '1d'): ModelConfig {
  return { ...defaultModelConfig, ...size, vocabSize: VOCAB_SIZE, ropeMode };
}

/** Parameters of the plain next-token model of this size (a method's registers or heads come on top). */
export function scratchParameterCount(size: ModelSize): number {
  return buildLayout(scratchConfig(size)).parameterCount;
}

/** Why the heads cannot split d_model into head dims that the attention kernels read as vec4 (and RoPE rotates in pairs), or null. */
export function headSplitProblem({ dModel, nHeads }: Pick<ModelSize, 'dModel' | 'nHeads'>): string | null {
  if (dModel % nHeads !== 0) return `${nHeads} heads do not divide d_model ${dModel}`;
  if ((dModel / nHeads) % 4 !== 0) return `${nHeads} heads split d_model ${dModel} into heads of ${dModel / nHeads}, not a multiple of 4`;
  return null;
}
