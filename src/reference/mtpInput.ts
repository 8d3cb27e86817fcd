// The input of DeepSeek-V3's MTP module k in float64 (src/model/methodTensors.ts, extraHeads 'sequential'):
//   e  = Emb(ids_k)                       [N, C]  ids_k = the batch shifted k tokens (src/model/lookahead.ts)
//   x' = rms(h; hiddenNorm)·wHidden + rms(e; embNorm)·wEmb     [N, C]   ([2C, C] projection as its two halves)
// h [N, C] is the trunk's last hidden state (k = 1) or module k-1's block output. The module's block then runs over
// x' with the shifted kinds as its mask.
import type { Batch } from '../model/batch';
import type { ModelConfig } from '../model/config';
import type { ParameterLayout } from '../model/layout';
import { shiftedSequence } from '../model/lookahead';
import type { SequenceContext } from './block';
import { embeddingBackward, embeddingForward } from './embedding';
import { matmulBackward, matmulForward, rmsnormBackward, rmsnormForward } from './linear';
import { tensorView } from './params';

export interface MtpInputCache {
  /** The block's sequence context: the shifted kinds, the batch's positions. */
  ctx: SequenceContext;
  ids: Int32Array;
  hidden: Float64Array; // [N, C] h
  hn: Float64Array; // [N, C] rms(h)·hiddenNorm
  hrinv: Float64Array; // [N]
  e: Float64Array; // [N, C] Emb(ids_k)
  en: Float64Array; // [N, C] rms(e)·embNorm
  erinv: Float64Array; // [N]
}

/** x'[N, C] of module k (1-based) whose tensors are `${prefix}.*`. */
export function mtpInputForward(
  config: ModelConfig, params: Float64Array, layout: ParameterLayout, prefix: string, hidden: Float64Array, batch: Batch, k: number,
): { x: Float64Array; cache: MtpInputCache } {
  const N = batch.B * batch.T, C = config.dModel, eps = config.normEps;
  const view = (name: string) => tensorView(params, layout, `${prefix}.${name}`);
  const shifted = shiftedSequence(batch, k);
  const e = embeddingForward(config, params, layout, shifted.inputIds);
  const { y: hn, rinv: hrinv } = rmsnormForward(hidden, view('hiddenNorm'), N, C, eps);
  const { y: en, rinv: erinv } = rmsnormForward(e, view('embNorm'), N, C, eps);
  const x = matmulForward(hn, view('wHidden'), N, C, C);
  const fromEmb = matmulForward(en, view('wEmb'), N, C, C);
  for (let i = 0; i < N * C; i++) x[i] += fromEmb[i];
  const ctx: SequenceContext = { B: batch.B, T: batch.T, kinds: shifted.kinds, positions: batch.positions };
  return { x, cache: { ctx, ids: shifted.inputIds, hidden, hn, hrinv, e, en, erinv } };
}

/** Returns dh[N, C] from dx'[N, C]; accumulates (+=) the module's input tensors' and the embedding's gradients. */
export function mtpInputBackward(
  config: ModelConfig, params: Float64Array, grads: Float64Array, layout: ParameterLayout, prefix: string, cache: MtpInputCache, dx: Float64Array,
): Float64Array {
  const N = cache.ids.length, C = config.dModel;
  const view = (flat: Float64Array, name: string) => tensorView(flat, layout, `${prefix}.${name}`);
  const dhn = new Float64Array(N * C), den = new Float64Array(N * C);
  matmulBackward(dx, cache.hn, view(params, 'wHidden'), N, C, C, dhn, view(grads, 'wHidden'));
  matmulBackward(dx, cache.en, view(params, 'wEmb'), N, C, C, den, view(grads, 'wEmb'));
  const dh = new Float64Array(N * C), de = new Float64Array(N * C);
  rmsnormBackward(dhn, cache.hidden, view(params, 'hiddenNorm'), cache.hrinv, N, C, dh, view(grads, 'hiddenNorm'));
  rmsnormBackward(den, cache.e, view(params, 'embNorm'), cache.erinv, N, C, de, view(grads, 'embNorm'));
  embeddingBackward(config, grads, layout, cache.ids, de);
  return dh;
}
