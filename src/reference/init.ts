// Seeded parameter initialization (GPT-2 / llm.c style):
//   matrices and embeddings ~ N(0, 0.02²); residual output projections (wo, wDown, trunk and extra heads alike)
//   ~ N(0, (0.02 / sqrt(2 * nLayers))²); RMSNorm gains = 1 (every tensor named ...Norm).
// Returns float32 because the engine consumes it; the reference converts with toFloat64.
// Tensors are filled in layout order from one stream, so a given (config, seed) always gives the same parameters.
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
    const std = isResidualProjection(t.name) ? residualStd : initStd;
    for (let i = 0; i < slice.length; i++) slice[i] = std * rng.normal();
  }
  return params;
}
