// The float64 CPU reference of the whole model: the oracle the WGSL engine is tested against.
// Orchestration only; the layer math lives in embedding.ts, block.ts (attention.ts, rope.ts, linear.ts), loss.ts.
//
//   x0 = embed(inputIds)                                   [N, C]   N = B*T (register rows for ids >= V)
//   h_L = block_{L-1}(... block_0(x0))                     [N, C]   trunk ('layers.l.*')
//   head 0:    logits_0 = rms(h_L; finalNorm) @ lmHead     [N, V]
//   head i+1:  logits_{i+1} = rms(block_{heads.i}(h_L); finalNorm) @ lmHead     (Multi-Token heads baseline)
//   sequential heads (DeepSeek-V3 MTP): block_{heads.i} reads mtpInput(h_i, Emb(ids shifted i+1)) instead of h_L,
//   with h_0 = h_L and h_{i+1} its output, over the shifted mask (mtpInput.ts)
//   logits: [H, N, V] flat, H = outputHeads(config); logits of head h are scored against targets[h].
import type { Batch, LossReport } from '../model/batch';
import { checkBatch } from '../model/batch';
import { positionComponents } from '../model/config';
import { outputHeads, sequentialHeads, validateRunModelConfig, type RunModelConfig } from '../model/methodTensors';
import type { ParameterLayout } from '../model/layout';
import { buildLayout } from '../model/layout';
import type { BlockCache, SequenceContext } from './block';
import { blockBackward, blockForward } from './block';
import { checkInputIds, embeddingBackward, embeddingForward, unembedBackward, unembedForward } from './embedding';
import { rmsnormBackward, rmsnormForward } from './linear';
import { crossEntropyBackward, crossEntropyForward } from './loss';
import { mtpInputBackward, mtpInputForward, type MtpInputCache } from './mtpInput';
import { blockView, tensorView } from './params';

export interface OutputHeadCache {
  /** [N, C] input of the final norm: h_L for head 0, the extra block's output otherwise. */
  hin: Float64Array;
  /** [N, C] rms(hin) * finalNorm. */
  xn: Float64Array;
  /** [N] */
  rinv: Float64Array;
}

export interface ReferenceCache {
  layout: ParameterLayout;
  ctx: SequenceContext;
  /** Trunk block caches, layer order. */
  layers: BlockCache[];
  /** Extra head block caches ('heads.i'), i = 0..H-2. */
  extraHeads: BlockCache[];
  /** Sequential heads only: the input of each extra head's block, i = 0..H-2. */
  mtpInputs: MtpInputCache[];
  /** One per output head h = 0..H-1. */
  outputs: OutputHeadCache[];
  /** [H, N, V] */
  logits: Float64Array;
}

export function referenceForward(
  config: RunModelConfig, params: Float64Array, batch: Batch,
): { logits: Float64Array; cache: ReferenceCache } {
  validateRunModelConfig(config);
  const layout = buildLayout(config);
  if (params.length !== layout.totalSize) throw new Error(`reference: ${params.length} params, layout has ${layout.totalSize}`);
  const H = outputHeads(config);
  checkBatch(batch, H, positionComponents(config));
  checkInputIds(config, batch.inputIds);
  const N = batch.B * batch.T, C = config.dModel, V = config.vocabSize;
  const ctx: SequenceContext = { B: batch.B, T: batch.T, kinds: batch.kinds, positions: batch.positions };

  let x = embeddingForward(config, params, layout, batch.inputIds);
  const layers: BlockCache[] = [];
  for (let l = 0; l < config.nLayers; l++) {
    const { out, cache } = blockForward(config, blockView(config, params, layout, `layers.${l}`), x, ctx);
    layers.push(cache);
    x = out;
  }
  const hL = x;

  const finalNorm = tensorView(params, layout, 'finalNorm');
  const extraHeads: BlockCache[] = [];
  const mtpInputs: MtpInputCache[] = [];
  const outputs: OutputHeadCache[] = [];
  const logits = new Float64Array(H * N * V);
  for (let h = 0; h < H; h++) {
    let hin = hL;
    if (h > 0) {
      const prefix = `heads.${h - 1}`;
      let x = hL, headCtx = ctx;
      if (sequentialHeads(config)) {
        const input = mtpInputForward(config, params, layout, prefix, outputs[h - 1].hin, batch, h);
        mtpInputs.push(input.cache);
        x = input.x;
        headCtx = input.cache.ctx;
      }
      const { out, cache } = blockForward(config, blockView(config, params, layout, prefix), x, headCtx);
      extraHeads.push(cache);
      hin = out;
    }
    const { y: xn, rinv } = rmsnormForward(hin, finalNorm, N, C, config.normEps);
    outputs.push({ hin, xn, rinv });
    logits.set(unembedForward(config, params, layout, xn, N), h * N * V);
  }
  return { logits, cache: { layout, ctx, layers, extraHeads, mtpInputs, outputs, logits } };
}

/** Loss and exact gradients of loss.total with respect to every parameter (same flat layout as params). */
export function referenceBackward(
  config: RunModelConfig, params: Float64Array, batch: Batch, cache: ReferenceCache,
): { loss: LossReport; grads: Float64Array } {
  const { layout, ctx } = cache;
  const H = outputHeads(config);
  const N = batch.B * batch.T, C = config.dModel, V = config.vocabSize;
  const loss = crossEntropyForward(cache.logits, batch, V, H);
  const dlogits = crossEntropyBackward(cache.logits, batch, V, H, loss);

  const grads = new Float64Array(layout.totalSize);
  const finalNorm = tensorView(params, layout, 'finalNorm'), dFinalNorm = tensorView(grads, layout, 'finalNorm');
  const dhL = new Float64Array(N * C);
  // Last head first: a sequential head's input gradient (dchain) flows into the head before it.
  let dchain: Float64Array | null = null;
  for (let h = H - 1; h >= 0; h--) {
    const out = cache.outputs[h];
    const dxn = unembedBackward(config, params, grads, layout, out.xn, dlogits.subarray(h * N * V, (h + 1) * N * V), N);
    const dhin = dchain ?? new Float64Array(N * C);
    dchain = null;
    rmsnormBackward(dxn, out.hin, finalNorm, out.rinv, N, C, dhin, dFinalNorm);
    if (h === 0) {
      for (let i = 0; i < N * C; i++) dhL[i] += dhin[i];
      continue;
    }
    const prefix = `heads.${h - 1}`;
    const w = blockView(config, params, layout, prefix), g = blockView(config, grads, layout, prefix);
    const input = sequentialHeads(config) ? cache.mtpInputs[h - 1] : null;
    const dx = blockBackward(config, w, g, cache.extraHeads[h - 1], dhin, input ? input.ctx : ctx);
    if (input) dchain = mtpInputBackward(config, params, grads, layout, prefix, input, dx);
    else for (let i = 0; i < N * C; i++) dhL[i] += dx[i];
  }

  let dx: Float64Array = dhL;
  for (let l = config.nLayers - 1; l >= 0; l--) {
    const prefix = `layers.${l}`;
    const w = blockView(config, params, layout, prefix), g = blockView(config, grads, layout, prefix);
    dx = blockBackward(config, w, g, cache.layers[l], dx, ctx);
  }
  embeddingBackward(config, grads, layout, batch.inputIds, dx);
  return { loss, grads };
}

/** Forward + loss only (e.g. for finite differences). */
export function referenceLoss(config: RunModelConfig, params: Float64Array, batch: Batch): LossReport {
  const { logits } = referenceForward(config, params, batch);
  return crossEntropyForward(logits, batch, config.vocabSize, outputHeads(config));
}
