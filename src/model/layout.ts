// Parameter layout: every parameter tensor lives in one flat f32 array, sliced by this table (llm.c style).
// The same table is used by the WGSL engine (one GPU buffer), the float64 reference, checkpoints and ONNX export.
// The tensors a method adds (src/model/methodTensors.ts) sit beside the base model's, marked `ofMethod`: ONNX export
// writes the others. Their places (register rows after the token embedding, extra heads after the trunk) are fixed,
// so checkpoints and seeded inits of every earlier version keep their meaning. LoRA adapters (src/model/lora.ts) come
// after all of them; with adapters the base model's tensors are `frozen`: the engine gives them no gradient and no
// AdamW moments (trainableLayout below lays out the others).
import type { ModelConfig } from './config';
import { adaptedProjections, adapterNames } from './lora';
import { methodTensorsOf, sequentialHeads, type RunModelConfig } from './methodTensors';

/** Tensor offsets are multiples of this many floats (256 bytes), so each tensor can be bound as its own GPU
 * buffer range (minStorageBufferOffsetAlignment is at most 256). Gaps between tensors stay zero. */
export const TENSOR_ALIGN_FLOATS = 64;

export interface TensorSpec {
  /** e.g. 'tokenEmbedding', 'layers.0.wq', 'heads.1.wDown'. */
  name: string;
  shape: number[];
  /** Offset in floats into the flat parameter array. */
  offset: number;
  size: number;
  /** Weight decay applies to matrices (not norms' gains, not embeddings' register rows). */
  decay: boolean;
  /** A tensor the training method adds (register rows, extra heads), not one of the base model's. */
  ofMethod: boolean;
  /** A LoRA adapter's A or B (merged into its base projection on export). */
  ofAdapter: boolean;
  /** A base-model tensor of a run with LoRA adapters: never updated, so it has no gradient nor moments. */
  frozen: boolean;
}

export interface ParameterLayout {
  tensors: TensorSpec[];
  byName: Map<string, TensorSpec>;
  /** Floats in the flat array, alignment gaps included. */
  totalSize: number;
  /** Parameters proper (sum of tensor sizes, no gaps). */
  parameterCount: number;
}

/** The names of one transformer block's tensors, with their shapes, in layout order. */
export function blockTensorShapes(c: ModelConfig): [string, number[], boolean][] {
  const C = c.dModel, F = c.dFF;
  return [
    ['attnNorm', [C], false],
    ['wq', [C, C], true],
    ['wk', [C, C], true],
    ['wv', [C, C], true],
    ['wo', [C, C], true],
    ['mlpNorm', [C], false],
    ['wGate', [C, F], true],
    ['wUp', [C, F], true],
    ['wDown', [F, C], true],
  ];
}

/** What a sequential MTP module adds before its block ('heads.k.*'): the two input norms and the [2C, C] projection,
 * stored as its two [C, C] halves (each binds as its own buffer range): x' = rms(h)·wHidden + rms(e)·wEmb. */
export function mtpInputShapes(c: ModelConfig): [string, number[], boolean][] {
  const C = c.dModel;
  return [
    ['hiddenNorm', [C], false],
    ['embNorm', [C], false],
    ['wHidden', [C, C], true],
    ['wEmb', [C, C], true],
  ];
}

/** The tensors of `specs` at fresh offsets, in order, each aligned (the totals of a layout). */
function packTensors(specs: Omit<TensorSpec, 'offset'>[]): ParameterLayout {
  const tensors: TensorSpec[] = [];
  let offset = 0;
  for (const t of specs) {
    tensors.push({ ...t, offset });
    offset += Math.ceil(t.size / TENSOR_ALIGN_FLOATS) * TENSOR_ALIGN_FLOATS;
  }
  const parameterCount = tensors.reduce((n, t) => n + t.size, 0);
  return { tensors, byName: new Map(tensors.map((t) => [t.name, t])), totalSize: offset, parameterCount };
}

export function buildLayout(c: RunModelConfig): ParameterLayout {
  const { registerRows, outputHeads } = methodTensorsOf(c);
  const specs: Omit<TensorSpec, 'offset'>[] = [];
  const frozen = c.lora !== undefined;
  const add = (name: string, shape: number[], decay: boolean, ofMethod = false, ofAdapter = false) => {
    specs.push({ name, shape, size: shape.reduce((a, b) => a * b, 1), decay, ofMethod, ofAdapter, frozen: frozen && !ofMethod && !ofAdapter });
  };
  add('tokenEmbedding', [c.vocabSize, c.dModel], true);
  if (registerRows > 0) add('registerEmbedding', [registerRows, c.dModel], false, true);
  for (let l = 0; l < c.nLayers; l++) for (const [n, s, d] of blockTensorShapes(c)) add(`layers.${l}.${n}`, s, d);
  const headShapes = sequentialHeads(c) ? [...mtpInputShapes(c), ...blockTensorShapes(c)] : blockTensorShapes(c);
  for (let h = 0; h < outputHeads - 1; h++) for (const [n, s, d] of headShapes) add(`heads.${h}.${n}`, s, d, true);
  add('finalNorm', [c.dModel], false);
  if (!c.tieEmbeddings) add('lmHead', [c.dModel, c.vocabSize], true);
  if (c.lora) {
    const r = c.lora.rank, shapes = new Map(blockTensorShapes(c).map(([n, s]) => [n, s]));
    for (let l = 0; l < c.nLayers; l++) {
      for (const p of adaptedProjections(c.lora)) {
        const [fanIn, fanOut] = shapes.get(p) as number[], names = adapterNames(`layers.${l}.${p}`);
        add(names.a, [fanIn, r], true, false, true);
        add(names.b, [r, fanOut], true, false, true);
      }
    }
  }
  return packTensors(specs);
}

/** The tensors AdamW updates (all but the frozen ones), packed: the layout of gradients and moments. Without frozen
 * tensors it is the layout itself, offsets and all. */
export function trainableLayout(layout: ParameterLayout): ParameterLayout {
  return layout.tensors.some((t) => t.frozen) ? packTensors(layout.tensors.filter((t) => !t.frozen)) : layout;
}

/** The frozen tensors, packed (empty without adapters). */
export function frozenLayout(layout: ParameterLayout): ParameterLayout {
  return packTensors(layout.tensors.filter((t) => t.frozen));
}

/** Copies every tensor of `from` that `to` also has from the flat array `src` into the flat array `dst`. */
export function copyTensors(from: ParameterLayout, src: Float32Array | Float64Array, to: ParameterLayout, dst: Float32Array | Float64Array): void {
  for (const t of from.tensors) {
    const d = to.byName.get(t.name);
    if (d) dst.set(src.subarray(t.offset, t.offset + t.size), d.offset);
  }
}

export function tensorOf(layout: ParameterLayout, name: string): TensorSpec {
  const t = layout.byName.get(name);
  if (!t) throw new Error(`no parameter tensor named ${name}`);
  return t;
}
