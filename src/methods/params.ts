// What a method adds to the base model: its module's tensors (register rows, extra heads) beside the base's, counted.
import type { ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import type { RunModelConfig } from '../model/methodTensors';
import { methodOf, type MethodConfig } from './registry';

/** The base config with the tensors the method needs beside it (and none it does not). */
export function modelConfigFor(base: ModelConfig, method: MethodConfig): RunModelConfig {
  return { ...base, methodTensors: methodOf(method.kind).tensors(method) };
}

/** Tensors and parameters the method adds to the plain next-token model, counted from the parameter layout. */
export function parameterOverhead(method: MethodConfig, config: ModelConfig): { tensors: number; parameters: number } {
  const added = buildLayout(modelConfigFor(config, method)).tensors.filter((t) => t.ofMethod);
  return { tensors: added.length, parameters: added.reduce((n, t) => n + t.size, 0) };
}
