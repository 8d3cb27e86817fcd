// LoRA adapters folded into the base projections (src/model/lora.ts): W' = W + s·A·B, in float64 then rounded once.
// The result is the adapted model as a plain base model: what ONNX export writes.
import { buildLayout, tensorOf } from './layout';
import { adaptedProjections, adapterNames, loraScale } from './lora';
import type { RunModelConfig } from './methodTensors';

/** A copy of params (buildLayout(config)) whose adapted projections hold W + s·A·B; the adapters are left as they were. */
export function mergeAdapters(config: RunModelConfig, params: Float32Array): Float32Array {
  const merged = Float32Array.from(params);
  const lora = config.lora;
  if (!lora) return merged;
  const layout = buildLayout(config), s = loraScale(lora), r = lora.rank;
  for (let l = 0; l < config.nLayers; l++) {
    for (const p of adaptedProjections(lora)) {
      const w = tensorOf(layout, `layers.${l}.${p}`), names = adapterNames(w.name);
      const a = tensorOf(layout, names.a), b = tensorOf(layout, names.b);
      const [In, Out] = w.shape;
      for (let i = 0; i < In; i++) {
        for (let o = 0; o < Out; o++) {
          let ab = 0;
          for (let k = 0; k < r; k++) ab += params[a.offset + i * r + k] * params[b.offset + k * Out + o];
          const at = w.offset + i * Out + o;
          merged[at] = params[at] + s * ab;
        }
      }
    }
  }
  return merged;
}
