// The input embedding as the engine binds it (src/kernels/embedding.ts): token and register rows as one table, or,
// when the token rows are frozen (LoRA), each part in its own buffer with its own kernel; the backward then sums
// only into the register rows (none without registers).
//   forward   x[N, C] = row of ids[n]          backward   dRows += Σ dx of their tokens (the trained rows only)
import type { GpuContext } from '../gpu/context';
import type { PreparedDispatch } from '../gpu/recorder';
import { createEmbedding } from '../kernels/embedding';
import { registerRows, type RunModelConfig } from '../model/methodTensors';
import { tensorOf, type ParameterLayout } from '../model/layout';
import type { FlatTensors } from './parameters';

export interface EmbeddingLayer {
  /** x[N, C] from ids u32 [N]. */
  forward(ids: GPUBufferBinding, params: FlatTensors, x: GPUBufferBinding): PreparedDispatch[];
  /** The trained rows' gradients += from dx[N, C] by the ids' CSR index (rowStart [V+R+1], tokenList [N]). */
  backward(dx: GPUBufferBinding, rowStart: GPUBufferBinding, tokenList: GPUBufferBinding, grads: FlatTensors): PreparedDispatch[];
}

export async function createEmbeddingLayer(ctx: GpuContext, config: RunModelConfig, layout: ParameterLayout, N: number): Promise<EmbeddingLayer> {
  const C = config.dModel, V = config.vocabSize, R = registerRows(config);
  if (!tensorOf(layout, 'tokenEmbedding').frozen) {
    const regOffset = R > 0 ? tensorOf(layout, 'registerEmbedding').offset - tensorOf(layout, 'tokenEmbedding').offset : 0;
    const k = await createEmbedding(ctx, { N, C, V, R, regOffset });
    return {
      forward: (ids, params, x) => k.bindForward(ids, params.embeddingTable(), x),
      backward: (dx, rowStart, tokenList, grads) => k.bindBackward(dx, rowStart, tokenList, grads.embeddingTable()),
    };
  }
  const [tokens, registers] = await Promise.all([
    createEmbedding(ctx, { N, C, V, R, regOffset: 0, part: 'tokens' }),
    R > 0 ? createEmbedding(ctx, { N, C, V, R, regOffset: 0, part: 'registers' }) : null,
  ]);
  return {
    forward: (ids, params, x) => [
      ...tokens.bindForward(ids, params.tensor('tokenEmbedding'), x),
      ...(registers ? registers.bindForward(ids, params.tensor('registerEmbedding'), x) : []),
    ],
    backward: (dx, rowStart, tokenList, grads) => (registers ? registers.bindBackward(dx, rowStart, tokenList, grads.tensor('registerEmbedding')) : []),
  };
}
