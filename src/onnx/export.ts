// exportOnnx: our model as a standard ONNX graph (IR 8, ai.onnx opset 17), runnable by any ONNX runtime.
//   x = Gather(tokenEmbedding, input_ids)                          [B, T, C]
//   x = block_l(x) for l < nLayers   (layers.ts; mask and RoPE tables from context.ts, computed once)
//   logits = MatMul(rms(x; finalNorm), lmHead | Transpose(tokenEmbedding))    [B, T, V]
// Initializers are exactly the base model's tensors, named as in our layout: the method's tensors beside them
// (registers, extra heads: `ofMethod`) are left out, LoRA adapters are merged into their projections (W + s·A·B,
// src/model/loraMerge.ts), and the metadata 'mutor.config' holds the base config, so a model and its base export the
// same bytes.
import type { ModelConfig } from '../model/config';
import { positionComponents } from '../model/config';
import { buildLayout } from '../model/layout';
import { mergeAdapters } from '../model/loraMerge';
import { validateRunModelConfig, type RunModelConfig } from '../model/methodTensors';
import { configToJson } from './configJson';
import { buildContext } from './context';
import { GraphBuilder } from './graph';
import { block, rmsNorm } from './layers';
import { configMetadataKey, logitsOutputName } from './names';
import type { GraphProto, ValueInfoProto } from './proto';
import { encodeModel } from './proto';
import { DataType, float32Tensor, tensorValueInfo } from './tensor';

const opsetVersion = 17;
const irVersion = 8; // the IR version that goes with opset 17

function graphInputs(config: ModelConfig): ValueInfoProto[] {
  const positionDims = positionComponents(config) === 1 ? ['B', 'T'] : ['B', 'T', 2];
  return [
    tensorValueInfo('input_ids', DataType.INT64, ['B', 'T']),
    tensorValueInfo('position_ids', DataType.INT64, positionDims),
    tensorValueInfo('prompt_len', DataType.INT64, ['B']),
    tensorValueInfo('attention_mask', DataType.INT64, ['B', 'T']),
  ];
}

function buildGraph(config: RunModelConfig, params: Float32Array): GraphProto {
  const g = new GraphBuilder();
  const ctx = buildContext(g, config);
  let x = g.op('Gather', ['tokenEmbedding', 'input_ids'], 'embed', { axis: 0 });
  for (let l = 0; l < config.nLayers; l++) x = block(g, ctx, x, `layers.${l}`);
  const xn = rmsNorm(g, ctx, x, 'finalNorm', 'final/norm');
  const head = config.tieEmbeddings ? g.op('Transpose', ['tokenEmbedding'], 'final/lmHead', { perm: [1, 0] }) : 'lmHead';
  g.op('MatMul', [xn, head], logitsOutputName);

  const merged = mergeAdapters(config, params);
  const initializer = buildLayout(config).tensors
    .filter((t) => !t.ofMethod && !t.ofAdapter)
    .map((t) => float32Tensor(t.name, t.shape, merged.slice(t.offset, t.offset + t.size)));
  return {
    name: 'mutor',
    node: g.nodes,
    initializer,
    input: graphInputs(config),
    output: [tensorValueInfo(logitsOutputName, DataType.FLOAT, ['B', 'T', config.vocabSize])],
  };
}

/** The base model of (config, params) as ONNX bytes. params: the flat array of buildLayout(config). */
export function exportOnnx(config: RunModelConfig, params: Float32Array): Uint8Array {
  validateRunModelConfig(config);
  const total = buildLayout(config).totalSize;
  if (params.length !== total) throw new Error(`onnx export: ${params.length} parameters, the layout of this config has ${total}`);
  const graph = buildGraph(config, params);
  return encodeModel({
    ir_version: irVersion,
    producer_name: 'mutor-playground',
    opset_import: [{ domain: '', version: opsetVersion }],
    doc_string: 'MuToR playground model (base architecture: registers and extra heads dropped, LoRA adapters merged)',
    graph,
    metadata_props: [{ key: configMetadataKey, value: configToJson(config) }],
  });
}
