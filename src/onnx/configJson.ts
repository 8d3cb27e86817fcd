// ModelConfig <-> the JSON stored in the ONNX metadata (key 'mutor.config'), with a fixed key order so that equal
// configs give equal bytes, and a type check of every field on the way back in. Only the base model's fields are
// written (a run's method tensors are not part of an export); other keys in a file, such as the register and
// extra-head counts (always 0) that exports before the method tensors left ModelConfig carried, are not read.
import type { ModelConfig } from '../model/config';
import { validateModelConfig } from '../model/config';

const numberKeys = [
  'vocabSize', 'dModel', 'nLayers', 'nHeads', 'dFF', 'maxLen', 'ropeTheta', 'normEps',
] as const;

export const configKeys = [...numberKeys, 'tieEmbeddings', 'ropeMode'] as const satisfies readonly (keyof ModelConfig)[];

export function configToJson(config: ModelConfig): string {
  return JSON.stringify(Object.fromEntries(configKeys.map((k) => [k, config[k]])));
}

/** Parses and validates; errors are one line and start with `what` (e.g. "metadata mutor.config"). */
export function configFromJson(text: string, what: string): ModelConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON (${(e as Error).message})`, { cause: e });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${what} is not a JSON object`);
  const o = raw as Record<string, unknown>;
  for (const k of numberKeys) {
    if (typeof o[k] !== 'number') throw new Error(`${what}: ${k} must be a number, got ${JSON.stringify(o[k])}`);
  }
  if (typeof o.tieEmbeddings !== 'boolean') throw new Error(`${what}: tieEmbeddings must be true or false`);
  if (o.ropeMode !== '1d' && o.ropeMode !== '2d') throw new Error(`${what}: ropeMode must be "1d" or "2d"`);
  const config = Object.fromEntries(configKeys.map((k) => [k, o[k]])) as unknown as ModelConfig;
  try {
    validateModelConfig(config);
  } catch (e) {
    throw new Error(`${what}: ${(e as Error).message}`, { cause: e });
  }
  return config;
}
