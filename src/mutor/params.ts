// What each method adds to the base model: register embedding rows (mutor) or extra transformer blocks
// (Multi-Token heads). NTP adds nothing, and MuToR's rows are dropped at inference.
//   mutor, shared row:        1 tensor,  dModel parameters
//   mutor, one row per offset 1 tensor,  dMax · dModel
//   multiTokenHeads           (dMax - 1) blocks of blockTensorShapes (one transformer layer each)
import type { ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import type { MethodConfig } from './method';

/** The base config with the register rows and extra heads the method needs (and none it does not). */
export function modelConfigFor(base: ModelConfig, method: MethodConfig): ModelConfig {
  return {
    ...base,
    nRegisterEmbeddings: method.kind === 'mutor' ? (method.perOffsetEmbeddings ? method.dMax : 1) : 0,
    nExtraHeads: method.kind === 'multiTokenHeads' ? method.dMax - 1 : 0,
  };
}

/** Tensors and parameters the method adds to the plain next-token model, counted from the parameter layout. */
export function parameterOverhead(method: MethodConfig, config: ModelConfig): { tensors: number; parameters: number } {
  const plain = buildLayout({ ...config, nRegisterEmbeddings: 0, nExtraHeads: 0 });
  const withMethod = buildLayout(modelConfigFor(config, method));
  return { tensors: withMethod.tensors.length - plain.tensors.length, parameters: withMethod.parameterCount - plain.parameterCount };
}
