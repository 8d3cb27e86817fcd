// Input embedding (token rows, register rows for ids >= V) and the output projection (lmHead, or tokenEmbeddingᵀ
// when tied), float64. Shapes: N = B*T tokens, C = dModel, V = vocabSize, R = register rows (the method's).
import type { ModelConfig } from '../model/config';
import { registerRows, type RunModelConfig } from '../model/methodTensors';
import type { ParameterLayout } from '../model/layout';
import { tensorView } from './params';

/** Throws unless every id selects a row: 0 <= id < V (token) or V <= id < V + R (register row id - V). */
export function checkInputIds(config: RunModelConfig, inputIds: Int32Array): void {
  const limit = config.vocabSize + registerRows(config);
  for (let n = 0; n < inputIds.length; n++) {
    const id = inputIds[n];
    if (id < 0 || id >= limit) throw new Error(`embedding: input id ${id} at ${n} is outside [0, ${limit})`);
  }
}

function rowOf(config: ModelConfig, params: Float64Array, layout: ParameterLayout, id: number): Float64Array {
  const C = config.dModel;
  if (id < config.vocabSize) return tensorView(params, layout, 'tokenEmbedding').subarray(id * C, (id + 1) * C);
  const r = id - config.vocabSize;
  return tensorView(params, layout, 'registerEmbedding').subarray(r * C, (r + 1) * C);
}

/** x[N, C] = embedding row of each input id. */
export function embeddingForward(
  config: ModelConfig, params: Float64Array, layout: ParameterLayout, inputIds: Int32Array,
): Float64Array {
  const C = config.dModel;
  const x = new Float64Array(inputIds.length * C);
  for (let n = 0; n < inputIds.length; n++) x.set(rowOf(config, params, layout, inputIds[n]), n * C);
  return x;
}

/** Scatter-adds dx[N, C] into the gradient rows of the ids used. */
export function embeddingBackward(
  config: ModelConfig, grads: Float64Array, layout: ParameterLayout, inputIds: Int32Array, dx: Float64Array,
): void {
  const C = config.dModel;
  for (let n = 0; n < inputIds.length; n++) {
    const row = rowOf(config, grads, layout, inputIds[n]);
    for (let c = 0; c < C; c++) row[c] += dx[n * C + c];
  }
}

/** logits[N, V] = xn[N, C] @ lmHead[C, V]   (tied: xn @ tokenEmbeddingᵀ, tokenEmbedding [V, C]). */
export function unembedForward(
  config: ModelConfig, params: Float64Array, layout: ParameterLayout, xn: Float64Array, N: number,
): Float64Array {
  const C = config.dModel, V = config.vocabSize;
  const logits = new Float64Array(N * V);
  const tied = config.tieEmbeddings;
  const w = tensorView(params, layout, tied ? 'tokenEmbedding' : 'lmHead');
  for (let n = 0; n < N; n++) {
    for (let v = 0; v < V; v++) {
      let acc = 0;
      for (let c = 0; c < C; c++) acc += xn[n * C + c] * (tied ? w[v * C + c] : w[c * V + v]);
      logits[n * V + v] = acc;
    }
  }
  return logits;
}

/** dxn[N, C] (fresh) from dlogits[N, V]; accumulates the weight gradient into lmHead (or tokenEmbedding if tied). */
export function unembedBackward(
  config: ModelConfig, params: Float64Array, grads: Float64Array, layout: ParameterLayout,
  xn: Float64Array, dlogits: Float64Array, N: number,
): Float64Array {
  const C = config.dModel, V = config.vocabSize;
  const tied = config.tieEmbeddings;
  const name = tied ? 'tokenEmbedding' : 'lmHead';
  const w = tensorView(params, layout, name), dw = tensorView(grads, layout, name);
  const dxn = new Float64Array(N * C);
  for (let n = 0; n < N; n++) {
    for (let v = 0; v < V; v++) {
      const g = dlogits[n * V + v];
      for (let c = 0; c < C; c++) {
        const wi = tied ? v * C + c : c * V + v;
        dxn[n * C + c] += g * w[wi];
        dw[wi] += g * xn[n * C + c];
      }
    }
  }
  return dxn;
}
