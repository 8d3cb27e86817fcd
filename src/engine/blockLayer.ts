// One pre-norm transformer block on the GPU, as a forward/backward pair of dispatch lists (built once, recorded
// every step). Same math as src/reference/block.ts:
//   x1  = x  + attention(RoPE(rms(x) Wq), RoPE(rms(x) Wk), rms(x) Wv) Wo        (rms gain attnNorm)
//   out = x1 + (silu(rms(x1) Wgate) * (rms(x1) Wup)) Wdown                     (rms gain mlpNorm)
// A projection with a LoRA adapter adds s·(x·A)·B to its output (adapterLayer.ts); a frozen weight (LoRA's base
// model) gets no gradient: its dW is not computed, and a frozen norm gain's gradient goes to a discarded scratch.
// q, k, v come from one batched matmul over Wq, Wk, Wv (adjacent in the layout, and q, k, v in the arena), gate and up
// from another; their backward sums the input gradients in one dispatch each.
// With f16 weights (BlockShape.halfB: training with EngineOptions.halfWeights) the seven projection weights bound are
// their f16 copies (halfWeights.ts), read by the forward and input-gradient matmuls as an f16 B; the weight
// gradients (activations only) stay f32.
// Shapes: N tokens (B·T in training, B in a KV-cache decode step), C = dModel, F = dFF, r LoRA rank; weights
// [in, out] row-major (y = x·W).
import type { PreparedDispatch } from '../gpu/recorder';
import type { Projection } from '../model/lora';
import type { RunModelConfig } from '../model/methodTensors';
import type { BackwardScratch, BlockActivations, BlockForwardActivations } from './activations';
import { adapterBackward, adapterForward, type AdapterShape } from './adapterLayer';
import type { BatchSlices } from './batchBuffers';
import type { Operand } from '../kernels/matmulOperands';
import type { EngineKernels, TokenKernels } from './kernels';
import type { BlockGradientBindings, BlockTensorBindings } from './parameters';

export interface BlockShape {
  N: number;
  C: number;
  F: number;
  /** LoRA rank (0: no adapters). */
  r: number;
  /** The projection weights are bound as f16 copies (halfWeights.ts). */
  halfB: boolean;
}

export function blockShape(config: RunModelConfig, N: number, halfB = false): BlockShape {
  return { N, C: config.dModel, F: config.dFF, r: config.lora?.rank ?? 0, halfB };
}

/** The adapter shape of projection p: [C, C] for attention, [C, F] for gate and up, [F, C] for down. */
function adapterShape(s: BlockShape, p: Projection): AdapterShape {
  const wide = p === 'wGate' || p === 'wUp', narrow = p === 'wDown';
  return { N: s.N, In: narrow ? s.F : s.C, Out: wide ? s.F : s.C, r: s.r };
}

/** The attention step of a block: ya[N, C] from q, k [N, C] (after RoPE) and v [N, C]. */
export type AttendFn = (q: GPUBufferBinding, k: GPUBufferBinding, v: GPUBufferBinding, ya: GPUBufferBinding) => PreparedDispatch[];

/** Training's attention: the batch's mask over its own B·T tokens; saves the logsumexp in stats for the backward. */
export function batchAttention(k: EngineKernels, batch: BatchSlices, stats: GPUBufferBinding): AttendFn {
  return (q, kk, v, ya) => k.attention.bindForward({ q, k: kk, v, kinds: batch.kinds.binding, promptLen: batch.promptLen.binding, out: ya, stats });
}

/** out[N, C] (a.out) from x[N, C] at RoPE positions pos [N·P]; saves what the backward needs in `a`. */
export async function blockForward(
  k: TokenKernels, s: BlockShape, w: BlockTensorBindings, x: GPUBufferBinding, a: BlockForwardActivations, pos: GPUBufferBinding, attend: AttendFn,
): Promise<PreparedDispatch[]> {
  const { N, C, F, halfB } = s;
  /** y += s·(x·A)·B of projection p's adapter, when it has one. */
  const adapter = (p: Projection, x: GPUBufferBinding, y: GPUBufferBinding) => {
    const ad = w.adapters[p], u = a.adapterU;
    return ad && u ? adapterForward(k, adapterShape(s, p), ad, x, u.binding, y) : Promise.resolve([]);
  };
  // Compiled side by side (a first step waits for every pipeline). q, k, v and gate, up: one batched dispatch each.
  const [qkv, projAdd, widen, narrowAdd, aq, ak, av, ao, aGate, aUp, aDown] = await Promise.all([
    k.matmul({ M: N, N: C, K: C, batch: 3, halfB }), // [N, C]·[C, C] for Wq, Wk, Wv
    k.matmul({ M: N, N: C, K: C, accumulate: true, halfB }),
    k.matmul({ M: N, N: F, K: C, batch: 2, halfB }), // [N, C]·[C, F] for Wgate, Wup
    k.matmul({ M: N, N: C, K: F, accumulate: true, halfB }), // [N, F]·[F, C]
    adapter('wq', a.xn1.binding, a.q.binding),
    adapter('wk', a.xn1.binding, a.k.binding),
    adapter('wv', a.xn1.binding, a.v.binding),
    adapter('wo', a.ya.binding, a.x1.binding),
    adapter('wGate', a.xn2.binding, a.gate.binding),
    adapter('wUp', a.xn2.binding, a.up.binding),
    adapter('wDown', a.hid.binding, a.out.binding),
  ]);
  return [
    // attention branch
    ...k.rmsnorm.bindForward(x, w.attnNorm, a.xn1.binding, a.rinv1.binding),
    ...qkv.bind(a.xn1.binding, [w.wq, w.wk, w.wv], [a.q.binding, a.k.binding, a.v.binding]), ...aq, ...ak, ...av,
    ...k.rope.bindForward(a.q.binding, pos, a.q.binding),
    ...k.rope.bindForward(a.k.binding, pos, a.k.binding),
    ...attend(a.q.binding, a.k.binding, a.v.binding, a.ya.binding),
    ...k.residualCopy.bind(x, a.x1.binding),
    ...projAdd.bind(a.ya.binding, w.wo, a.x1.binding), ...ao,
    // MLP branch
    ...k.rmsnorm.bindForward(a.x1.binding, w.mlpNorm, a.xn2.binding, a.rinv2.binding),
    ...widen.bind(a.xn2.binding, [w.wGate, w.wUp], [a.gate.binding, a.up.binding]), ...aGate, ...aUp,
    ...k.swiglu.bindForward(a.gate.binding, a.up.binding, a.hid.binding),
    ...k.residualCopy.bind(a.x1.binding, a.out.binding),
    ...narrowAdd.bind(a.hid.binding, w.wDown, a.out.binding), ...aDown,
  ];
}

/** The gradient of a norm gain: its tensor, or the discarded scratch when it is frozen. */
function gainGradient(g: GPUBufferBinding | undefined, s: BackwardScratch): GPUBufferBinding {
  if (g) return g;
  if (!s.discard) throw new Error('block backward: a frozen norm gain without the discard scratch');
  return s.discard.binding;
}

/**
 * In place on dres[N, C]: the gradient of the block's output becomes the gradient of its input x. Accumulates (+=)
 * the gradients of the block's trained tensors into g. Scratch `s` is overwritten.
 */
export async function blockBackward(
  k: EngineKernels, sh: BlockShape, w: BlockTensorBindings, g: BlockGradientBindings, x: GPUBufferBinding,
  a: BlockActivations, s: BackwardScratch, dres: GPUBufferBinding, batch: BatchSlices,
): Promise<PreparedDispatch[]> {
  const { N, C, F, halfB } = sh;
  /** Through projection p's adapter, when it has one: its gradients, and dx += its input gradient. */
  const adapter = (p: Projection, input: GPUBufferBinding, dy: GPUBufferBinding, dx: GPUBufferBinding) => {
    const ad = w.adapters[p], gad = g.adapters[p], u = a.adapterU;
    if (!ad || !gad || !u) return Promise.resolve([]);
    if (!s.du) throw new Error('block backward: an adapter without the du scratch');
    return adapterBackward(k, adapterShape(sh, p), ad, gad, input, u.binding, dy, s.du.binding, dx);
  };
  /** dW += Xᵀ·dY for each weight of a (batched) set unless the set is frozen (LoRA freezes all base weights or none). */
  const weightGradient = (mm: { bind: (a: Operand, b: Operand, c: Operand) => PreparedDispatch[] }, input: GPUBufferBinding, dy: Operand, dw: (GPUBufferBinding | undefined)[]) => {
    const trained = dw.filter((d): d is GPUBufferBinding => d !== undefined);
    if (trained.length === 0) return [];
    if (trained.length < dw.length) throw new Error('block backward: a batched weight set is partly frozen');
    return mm.bind(input, dy, trained.length === 1 ? trained[0] : trained);
  };
  const [dInC, dWC, dHid, dWDown, dInGateUp, dWGateUp, dInQkv, dWQkv, adq, adk, adv, ado, adGate, adUp, adDown] = await Promise.all([
    k.matmul({ M: N, N: C, K: C, transB: true, halfB }), // dX[N, C] = dY[N, C]·Wᵀ, W [C, C]
    k.matmul({ M: C, N: C, K: N, transA: true, accumulate: true }), // dW[C, C] += Xᵀ·dY
    k.matmul({ M: N, N: F, K: C, transB: true, halfB }), // dhid[N, F] = dres·Wdownᵀ, Wdown [F, C]
    k.matmul({ M: F, N: C, K: N, transA: true, accumulate: true }), // [F, C] += hidᵀ·dres
    k.matmul({ M: N, N: C, K: F, transB: true, batch: 2, sum: true, halfB }), // dxn[N, C] = dgate·Wgateᵀ + dup·Wupᵀ
    k.matmul({ M: C, N: F, K: N, transA: true, accumulate: true, batch: 2 }), // [C, F] += xn2ᵀ·dgate, xn2ᵀ·dup
    k.matmul({ M: N, N: C, K: C, transB: true, batch: 3, sum: true, halfB }), // dxn = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ
    k.matmul({ M: C, N: C, K: N, transA: true, accumulate: true, batch: 3 }), // [C, C] += xn1ᵀ·dq, dk, dv
    adapter('wq', a.xn1.binding, s.dq.binding, s.dxn.binding),
    adapter('wk', a.xn1.binding, s.dk.binding, s.dxn.binding),
    adapter('wv', a.xn1.binding, s.dv.binding, s.dxn.binding),
    adapter('wo', a.ya.binding, dres, s.dya.binding),
    adapter('wGate', a.xn2.binding, s.dgate.binding, s.dxn.binding),
    adapter('wUp', a.xn2.binding, s.dup.binding, s.dxn.binding),
    adapter('wDown', a.hid.binding, dres, s.dhid.binding),
  ]);
  const pos = batch.positions.binding;
  return [
    // MLP branch: out = x1 + hid·Wdown
    ...dHid.bind(dres, w.wDown, s.dhid.binding),
    ...weightGradient(dWDown, a.hid.binding, dres, [g.wDown]),
    ...adDown,
    ...k.swiglu.bindBackward(s.dhid.binding, a.gate.binding, a.up.binding, s.dgate.binding, s.dup.binding),
    ...dInGateUp.bind([s.dgate.binding, s.dup.binding], [w.wGate, w.wUp], s.dxn.binding),
    ...adGate, ...adUp,
    ...weightGradient(dWGateUp, a.xn2.binding, [s.dgate.binding, s.dup.binding], [g.wGate, g.wUp]),
    ...k.rmsnorm.bindBackward(s.dxn.binding, a.x1.binding, w.mlpNorm, a.rinv2.binding, dres, gainGradient(g.mlpNorm, s), true),
    // attention branch: x1 = x + ya·Wo
    ...dInC.bind(dres, w.wo, s.dya.binding),
    ...weightGradient(dWC, a.ya.binding, dres, [g.wo]),
    ...ado,
    ...k.attention.bindBackward({
      q: a.q.binding, k: a.k.binding, v: a.v.binding, out: a.ya.binding, dOut: s.dya.binding, stats: a.stats.binding,
      kinds: batch.kinds.binding, promptLen: batch.promptLen.binding, dq: s.dq.binding, dk: s.dk.binding, dv: s.dv.binding,
    }),
    ...k.rope.bindBackward(s.dq.binding, pos, s.dq.binding),
    ...k.rope.bindBackward(s.dk.binding, pos, s.dk.binding),
    ...dInQkv.bind([s.dq.binding, s.dk.binding, s.dv.binding], [w.wq, w.wk, w.wv], s.dxn.binding),
    ...adq, ...adk, ...adv,
    ...weightGradient(dWQkv, a.xn1.binding, [s.dq.binding, s.dk.binding, s.dv.binding], [g.wq, g.wk, g.wv]),
    ...k.rmsnorm.bindBackward(s.dxn.binding, x, w.attnNorm, a.rinv1.binding, dres, gainGradient(g.attnNorm, s), true),
  ];
}
