// Seeded parameter initialization (GPT-2 / llm.c style):
//   matrices and embeddings ~ N(0, 0.02²); residual output projections (wo, wDown, trunk and extra heads alike)
//   ~ N(0, (0.02 / sqrt(2 * nLayers))²); RMSNorm gains = 1 (every tensor named ...Norm).
// Returns float32 because the engine consumes it; the reference converts with toFloat64.
// LoRA adapters (last in the layout): A ~ U(-1/sqrt(in), 1/sqrt(in)), B = 0 (src/model/lora.ts), so an adapted model
// starts as its base model exactly.
// Tensors are filled in layout order from one stream, so a given (config, seed) always gives the same parameters.
import { adapterInitBound } from '../model/lora';
import { validateRunModelConfig, type RunModelConfig } from '../model/methodTensors';
import { buildLayout } from '../model/layout';
import { createRng } from '../util/random';

export const initStd = 0.02;

/** finalNorm, a block's attnNorm and mlpNorm, an MTP module's hiddenNorm and embNorm. */
function isNormGain(name: string): boolean {
  return name.endsWith('Norm');
}

function isResidualProjection(name: string): boolean {
  return name.endsWith('.wo') || name.endsWith('.wDown');
}

export function initParameters(config: RunModelConfig, seed: number): Float32Array {
  validateRunModelConfig(config);
  const layout = buildLayout(config);
  const params = new Float32Array(layout.totalSize);
  const rng = createRng(seed);
  const residualStd = initStd / Math.sqrt(2 * config.nLayers);
  for (const t of layout.tensors) {
    const slice = params.subarray(t.offset, t.offset + t.size);
    if (isNormGain(t.name)) {
      slice.fill(1);
      continue;
    }
    if (t.ofAdapter) {
      // A [in, r] uniform; B [r, out] stays 0.
      const bound = adapterInitBound(t.shape[0]);
      if (t.name.endsWith('.loraA')) for (let i = 0; i < slice.length; i++) slice[i] = bound * (2 * rng.next() - 1);
      continue;
    }
    const std = isResidualProjection(t.name) ? residualStd : initStd;
    for (let i = 0; i < slice.length; i++) slice[i] = std * rng.normal();
  }
  return params;
}
