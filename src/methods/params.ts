// What a method adds to the base model: its module's extraTensors (register rows, extra blocks), counted.
import type { ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import { methodOf, type MethodConfig } from './registry';

/** The base config with the tensors the method needs (and none it does not). */
export function modelConfigFor(base: ModelConfig, method: MethodConfig): ModelConfig {
  return { ...base, ...methodOf(method.kind).extraTensors(method) };
}

/** Tensors and parameters the method adds to the plain next-token model, counted from the parameter layout. */
export function parameterOverhead(method: MethodConfig, config: ModelConfig): { tensors: number; parameters: number } {
  const plain = buildLayout({ ...config, nRegisterEmbeddings: 0, nExtraHeads: 0 });
  const withMethod = buildLayout(modelConfigFor(config, method));
  return { tensors: withMethod.tensors.length - plain.tensors.length, parameters: withMethod.parameterCount - plain.parameterCount };
}

