// One pre-norm transformer block in float64 (used for the trunk's layers and for the Multi-Token heads):
//   x1  = x  + attention(RoPE(rms(x) Wq), RoPE(rms(x) Wk), rms(x) Wv) Wo        (rms gain attnNorm)
//   out = x1 + (silu(rms(x1) Wgate) * (rms(x1) Wup)) Wdown                     (rms gain mlpNorm)
// A projection with a LoRA adapter adds s·(x A) B to its output (linear.ts adapterForward; src/model/lora.ts).
// Shapes: N = B*T tokens, C = dModel, F = dFF, nh heads of width hd.
import type { ModelConfig } from '../model/config';
import { headDim } from '../model/config';
import type { AttentionCache, AttentionShape } from './attention';
import { attentionBackward, attentionForward } from './attention';
import type { Projection } from '../model/lora';
import { adapterBackward, adapterForward, matmulBackward, matmulForward, rmsnormBackward, rmsnormForward, swigluBackward, swigluForward } from './linear';
import type { BlockTensors } from './params';
import { ropeApply } from './rope';

/** What a block needs from the batch. */
export interface SequenceContext {
  B: number;
  T: number;
  /** [B*T] TokenKind per token (the mask). */
  kinds: Uint32Array;
  /** [B*T*P] RoPE position ids. */
  positions: Int32Array;
}

export interface BlockCache {
  x: Float64Array; // [N, C] block input
  xn1: Float64Array; // [N, C] rms(x) * attnNorm
  rinv1: Float64Array; // [N]
  q: Float64Array; // [N, C] after RoPE
  k: Float64Array; // [N, C] after RoPE
  v: Float64Array; // [N, C]
  attn: AttentionCache; // probs [B, nh, T, T]
  ya: Float64Array; // [N, C] attention output before Wo
  x1: Float64Array; // [N, C] after the attention residual
  xn2: Float64Array; // [N, C] rms(x1) * mlpNorm
  rinv2: Float64Array; // [N]
  gate: Float64Array; // [N, F] xn2 Wgate
  up: Float64Array; // [N, F] xn2 Wup
  hid: Float64Array; // [N, F] silu(gate) * up
  /** u = s·(x A) [N, r] of each adapted projection. */
  adapters: Partial<Record<Projection, Float64Array>>;
}

function shapeOf(config: ModelConfig, ctx: SequenceContext): AttentionShape {
  return { B: ctx.B, T: ctx.T, nh: config.nHeads, hd: headDim(config) };
}

/** out[N, C] from x[N, C]. */
export function blockForward(
  config: ModelConfig, w: BlockTensors, x: Float64Array, ctx: SequenceContext,
): { out: Float64Array; cache: BlockCache } {
  const N = ctx.B * ctx.T, C = config.dModel, F = config.dFF;
  const adapters: BlockCache['adapters'] = {};
  /** in @ W for projection p [In, Out], plus its adapter's term. */
  const project = (p: Projection, input: Float64Array, In: number, Out: number) => {
    const y = matmulForward(input, w[p], N, In, Out);
    const ad = w.adapters?.[p];
    if (ad) adapters[p] = adapterForward(input, ad, y, N, In, Out);
    return y;
  };
  const { y: xn1, rinv: rinv1 } = rmsnormForward(x, w.attnNorm, N, C, config.normEps);
  const q = project('wq', xn1, C, C);
  const k = project('wk', xn1, C, C);
  const v = project('wv', xn1, C, C);
  ropeApply(config, q, ctx.positions, N, false);
  ropeApply(config, k, ctx.positions, N, false);
  const { y: ya, cache: attn } = attentionForward(q, k, v, ctx.kinds, shapeOf(config, ctx));
  const ao = project('wo', ya, C, C);
  const x1 = new Float64Array(N * C);
  for (let i = 0; i < N * C; i++) x1[i] = x[i] + ao[i];

  const { y: xn2, rinv: rinv2 } = rmsnormForward(x1, w.mlpNorm, N, C, config.normEps);
  const gate = project('wGate', xn2, C, F);
  const up = project('wUp', xn2, C, F);
  const hid = swigluForward(gate, up);
  const mo = project('wDown', hid, F, C);
  const out = new Float64Array(N * C);
  for (let i = 0; i < N * C; i++) out[i] = x1[i] + mo[i];
  return { out, cache: { x, xn1, rinv1, q, k, v, attn, ya, x1, xn2, rinv2, gate, up, hid, adapters } };
}

/** Returns dx[N, C] from dout[N, C]; accumulates (+=) the block's parameter gradients into g. */
export function blockBackward(
  config: ModelConfig, w: BlockTensors, g: BlockTensors, cache: BlockCache, dout: Float64Array, ctx: SequenceContext,
): Float64Array {
  const N = ctx.B * ctx.T, C = config.dModel, F = config.dFF;
  /** dx += dy @ Wpᵀ, dWp += inputᵀ @ dy, and the same through p's adapter. */
  const project = (p: Projection, dy: Float64Array, input: Float64Array, In: number, Out: number, dx: Float64Array) => {
    matmulBackward(dy, input, w[p], N, In, Out, dx, g[p]);
    const ad = w.adapters?.[p], u = cache.adapters[p], gad = g.adapters?.[p];
    if (ad && u && gad) adapterBackward(dy, input, u, ad, gad, N, In, Out, dx);
  };
  // MLP branch: out = x1 + hid Wdown.
  const dx1 = Float64Array.from(dout);
  const dhid = new Float64Array(N * F);
  project('wDown', dout, cache.hid, F, C, dhid);
  const { dgate, dup } = swigluBackward(dhid, cache.gate, cache.up);
  const dxn2 = new Float64Array(N * C);
  project('wGate', dgate, cache.xn2, C, F, dxn2);
  project('wUp', dup, cache.xn2, C, F, dxn2);
  rmsnormBackward(dxn2, cache.x1, w.mlpNorm, cache.rinv2, N, C, dx1, g.mlpNorm);

  // Attention branch: x1 = x + ya Wo.
  const dx = Float64Array.from(dx1);
  const dya = new Float64Array(N * C);
  project('wo', dx1, cache.ya, C, C, dya);
  const { dq, dk, dv } = attentionBackward(dya, cache.q, cache.k, cache.v, cache.attn, shapeOf(config, ctx));
  ropeApply(config, dq, ctx.positions, N, true);
  ropeApply(config, dk, ctx.positions, N, true);
  const dxn1 = new Float64Array(N * C);
  project('wq', dq, cache.xn1, C, C, dxn1);
  project('wk', dk, cache.xn1, C, C, dxn1);
  project('wv', dv, cache.xn1, C, C, dxn1);
  rmsnormBackward(dxn1, cache.x, w.attnNorm, cache.rinv1, N, C, dx, g.attnNorm);
  return dx;
}
