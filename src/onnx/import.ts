// importOnnx: the weights of an exported model back into our flat layout (readExportConfig: just its config).
// Checks, in order: the bytes decode as a ModelProto with a graph; the graph has our inputs and output; the metadata
// config parses, lies in range (validateModelConfig: maxLen, ropeTheta > 0, normEps > 0, ...),
// agrees with the graph's position input (ropeMode) and (when given) equals the expected one; every base tensor is
// there as float32 with its layout shape and finite values, and no other tensor is (nLayers below the file's layers).
// Every failure is an Error with a one-line message naming the problem; nothing here can loop on bad input.
import { positionComponents, type ModelConfig } from '../model/config';
import { buildLayout, type ParameterLayout } from '../model/layout';
import { configFromJson, configKeys } from './configJson';
import { configMetadataKey, logitsOutputName, onnxInputNames } from './names';
import type { GraphProto, ModelProto, TensorProto } from './proto';
import { decodeModel } from './proto';
import { readFloat32 } from './tensor';

function decode(bytes: Uint8Array): ModelProto {
  let model: ModelProto;
  try {
    model = decodeModel(bytes);
  } catch (e) {
    throw new Error(`not an ONNX model: protobuf decode failed (${(e as Error).message}); truncated or corrupted file?`, { cause: e });
  }
  if (!model.graph || !model.ir_version) throw new Error('not an ONNX model: no ir_version or no graph');
  return model;
}

function checkInterface(graph: GraphProto): void {
  const inputs = (graph.input ?? []).map((v) => v.name ?? '');
  const missing = onnxInputNames.filter((n) => !inputs.includes(n));
  if (missing.length > 0) {
    throw new Error(`not a MuToR export: graph inputs [${inputs.join(', ')}] lack ${missing.join(', ')}`);
  }
  if (!(graph.output ?? []).some((v) => v.name === logitsOutputName)) {
    throw new Error(`not a MuToR export: the graph has no output named ${logitsOutputName}`);
  }
}

/** position_ids is [B, T] for 1D RoPE and [B, T, 2] for 2D (export.ts graphInputs). */
function checkRopeMode(graph: GraphProto, config: ModelConfig): void {
  const positions = (graph.input ?? []).find((v) => v.name === 'position_ids');
  const rank = positions?.type?.tensor_type?.shape?.dim?.length;
  const want = positionComponents(config) === 1 ? 2 : 3;
  if (rank !== want) throw new Error(`metadata ${configMetadataKey}: ropeMode ${config.ropeMode} needs position_ids of rank ${want}, the graph's has rank ${rank ?? 'unknown'}`);
}

function fileConfig(model: ModelProto, expected: ModelConfig | undefined): ModelConfig {
  const entry = (model.metadata_props ?? []).find((p) => p.key === configMetadataKey);
  if (!entry) throw new Error(`not a MuToR export: no metadata entry ${configMetadataKey}`);
  const config = configFromJson(entry.value ?? '', `metadata ${configMetadataKey}`);
  if (expected) {
    const diff = configKeys.filter((k) => config[k] !== expected[k]);
    if (diff.length > 0) {
      throw new Error(`config mismatch: ${diff.map((k) => `${k} ${JSON.stringify(config[k])} in file, expected ${JSON.stringify(expected[k])}`).join('; ')}`);
    }
  }
  return config;
}

/** Parameters a config implies, without building its layout (a tampered config must not make us allocate or loop). */
function impliedParameterCount(c: ModelConfig): number {
  const C = c.dModel, F = c.dFF;
  return c.vocabSize * C + c.nLayers * (2 * C + 4 * C * C + 3 * C * F) + C + (c.tieEmbeddings ? 0 : C * c.vocabSize);
}

function readParams(graph: GraphProto, config: ModelConfig, fileBytes: number): Float32Array {
  // Every float takes 4 bytes; the slack lets a config that is merely wrong reach the tensor checks, which say more.
  const implied = impliedParameterCount(config);
  if (implied > fileBytes) {
    throw new Error(`metadata ${configMetadataKey} implies ${implied} parameters, more than a ${fileBytes}-byte file can hold`);
  }
  const byName = new Map<string, TensorProto>();
  for (const t of graph.initializer ?? []) {
    if (byName.has(t.name ?? '')) throw new Error(`the graph has two initializers named ${t.name}`);
    byName.set(t.name ?? '', t);
  }
  const layout = buildLayout(config);
  const params = new Float32Array(layout.totalSize);
  for (const spec of layout.tensors) {
    const t = byName.get(spec.name);
    if (!t) throw new Error(`not a MuToR export: missing tensor ${spec.name}`);
    const values = readFloat32(t, spec.shape);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new Error(`tensor ${spec.name} holds ${values[bad]} at index ${bad}: the weights must be finite`);
    params.set(values, spec.offset);
  }
  checkNoOtherTensors([...byName.keys()], layout, config);
  return params;
}

/** Tensors the config does not read: more layers than nLayers says would be dropped silently. */
function checkNoOtherTensors(names: string[], layout: ParameterLayout, config: ModelConfig): void {
  const extra = names.filter((n) => !layout.byName.has(n));
  if (extra.length === 0) return;
  const layers = new Set(names.map((n) => /^layers\.(\d+)\./.exec(n)?.[1]).filter((l) => l !== undefined));
  if (layers.size > config.nLayers) throw new Error(`metadata ${configMetadataKey} says nLayers ${config.nLayers}, the file holds tensors of ${layers.size} layers`);
  throw new Error(`not a MuToR export: tensor ${extra[0]} is not part of this config${extra.length > 1 ? ` (and ${extra.length - 1} more)` : ''}`);
}

function oneLineErrors<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new Error(`onnx import: ${message.replace(/\s+/g, ' ')}`, { cause: e });
  }
}

function parse(bytes: Uint8Array | ArrayBuffer, expected: ModelConfig | undefined) {
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const model = decode(data);
  const graph = model.graph as GraphProto;
  checkInterface(graph);
  const config = fileConfig(model, expected);
  checkRopeMode(graph, config);
  return { data, graph, config };
}

/** The base config an exported model carries, checked as importOnnx does, without reading its tensors. */
export function readExportConfig(bytes: Uint8Array | ArrayBuffer): ModelConfig {
  return oneLineErrors(() => parse(bytes, undefined).config);
}

/**
 * Reads an ONNX file written by exportOnnx. Returns the base config and its flat parameters. `expected`, when given,
 * must match on every field of the base config (a run's model, whose method tensors an export leaves out, loads into
 * its base).
 */
export function importOnnx(bytes: Uint8Array | ArrayBuffer, expected?: ModelConfig): { config: ModelConfig; params: Float32Array } {
  return oneLineErrors(() => {
    const { data, graph, config } = parse(bytes, expected);
    return { config, params: readParams(graph, config, data.length) };
  });
}
