// Float64 views of the flat parameter / gradient arrays, sliced by the shared layout table (src/model/layout.ts).
import type { ParameterLayout } from '../model/layout';
import { blockTensorShapes, tensorOf } from '../model/layout';
import { adaptedProjections, adapterNames, loraScale, type Projection } from '../model/lora';
import type { RunModelConfig } from '../model/methodTensors';
import type { AdapterTensors } from './linear';

/** The slice of `flat` holding tensor `name` (a view: writes go through). */
export function tensorView(flat: Float64Array, layout: ParameterLayout, name: string): Float64Array {
  const t = tensorOf(layout, name);
  return flat.subarray(t.offset, t.offset + t.size);
}

/** One transformer block's tensors (views), shapes as in blockTensorShapes: C = dModel, F = dFF. */
export interface BlockTensors {
  attnNorm: Float64Array; // [C]
  wq: Float64Array; // [C, C]
  wk: Float64Array; // [C, C]
  wv: Float64Array; // [C, C]
  wo: Float64Array; // [C, C]
  mlpNorm: Float64Array; // [C]
  wGate: Float64Array; // [C, F]
  wUp: Float64Array; // [C, F]
  wDown: Float64Array; // [F, C]
  /** LoRA adapters of the projections that have them (trunk blocks of a run with LoRA). */
  adapters?: Partial<Record<Projection, AdapterTensors>>;
}

/** Views of the block with prefix e.g. 'layers.0' or 'heads.1', its adapters included where the layout has them. */
export function blockView(config: RunModelConfig, flat: Float64Array, layout: ParameterLayout, prefix: string): BlockTensors {
  const out: Record<string, Float64Array> = {};
  for (const [name] of blockTensorShapes(config)) out[name] = tensorView(flat, layout, `${prefix}.${name}`);
  const view = out as unknown as BlockTensors;
  const lora = config.lora;
  if (lora && layout.byName.has(adapterNames(`${prefix}.wq`).a)) {
    view.adapters = {};
    for (const p of adaptedProjections(lora)) {
      const n = adapterNames(`${prefix}.${p}`);
      view.adapters[p] = { a: tensorView(flat, layout, n.a), b: tensorView(flat, layout, n.b), scale: loraScale(lora) };
    }
  }
  return view;
}

export function toFloat64(a: ArrayLike<number>): Float64Array {
  return Float64Array.from(a);
}

/** Per tensor: max |a - b| and max |b| (for reports comparing an engine's output with the reference). */
export function compareByTensor(
  layout: ParameterLayout,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): { name: string; maxAbsDiff: number; maxAbsRef: number }[] {
  if (a.length !== layout.totalSize || b.length !== layout.totalSize) {
    throw new Error(`compareByTensor: lengths ${a.length}, ${b.length}, layout has ${layout.totalSize}`);
  }
  return layout.tensors.map((t) => {
    let maxAbsDiff = 0, maxAbsRef = 0;
    for (let i = t.offset; i < t.offset + t.size; i++) {
      const d = Math.abs(a[i] - b[i]);
      // NaN never compares greater, so propagate it explicitly.
      maxAbsDiff = Number.isNaN(d) || Number.isNaN(maxAbsDiff) ? NaN : Math.max(maxAbsDiff, d);
      maxAbsRef = Math.max(maxAbsRef, Math.abs(b[i]));
    }
    return { name: t.name, maxAbsDiff, maxAbsRef };
  });
}

/** Throws unless every tensor's max |got - want| is within tol of that tensor's largest |want| (NaN fails). */
export function expectTensorsClose(layout: ParameterLayout, got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what: string): void {
  for (const t of compareByTensor(layout, got, want)) {
    if (!(t.maxAbsDiff <= tol * Math.max(t.maxAbsRef, 1e-6))) {
      throw new Error(`${what} ${t.name}: max |diff| ${t.maxAbsDiff.toExponential(3)} vs max |ref| ${t.maxAbsRef.toExponential(3)}`);
    }
  }
}

/** A copy of `flat` with the frozen tensors' values 0: a reference gradient as an engine with LoRA reads it back. */
export function withoutFrozen(layout: ParameterLayout, flat: Float64Array): Float64Array {
  const out = Float64Array.from(flat);
  for (const t of layout.tensors) if (t.frozen) out.fill(0, t.offset, t.offset + t.size);
  return out;
}
