// One pre-norm transformer block on the GPU, as a forward/backward pair of dispatch lists (built once, recorded
// every step). Same math as src/reference/block.ts:
//   x1  = x  + attention(RoPE(rms(x) Wq), RoPE(rms(x) Wk), rms(x) Wv) Wo        (rms gain attnNorm)
//   out = x1 + (silu(rms(x1) Wgate) * (rms(x1) Wup)) Wdown                     (rms gain mlpNorm)
// Shapes: N tokens (B·T in training, B in a KV-cache decode step), C = dModel, F = dFF; weights [in, out]
// row-major (y = x·W). q, k, v come from one batched matmul over Wq, Wk, Wv (adjacent in the layout, and q, k, v in
// the arena), gate and up from another; their backward sums the input gradients in one dispatch each.
import type { PreparedDispatch } from '../gpu/recorder';
import type { ModelConfig } from '../model/config';
import type { BackwardScratch, BlockActivations, BlockForwardActivations } from './activations';
import type { BatchSlices } from './batchBuffers';
import type { EngineKernels, TokenKernels } from './kernels';
import type { BlockTensorBindings } from './parameters';

export interface BlockShape {
  N: number;
  C: number;
  F: number;
}

export function blockShape(config: ModelConfig, N: number): BlockShape {
  return { N, C: config.dModel, F: config.dFF };
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
  const { N, C, F } = s;
  // Compiled side by side (a first step waits for every pipeline). q, k, v and gate, up: one batched dispatch each.
  const [qkv, projAdd, widen, narrowAdd] = await Promise.all([
    k.matmul({ M: N, N: C, K: C, batch: 3 }), // [N, C]·[C, C] for Wq, Wk, Wv
    k.matmul({ M: N, N: C, K: C, accumulate: true }),
    k.matmul({ M: N, N: F, K: C, batch: 2 }), // [N, C]·[C, F] for Wgate, Wup
    k.matmul({ M: N, N: C, K: F, accumulate: true }), // [N, F]·[F, C]
  ]);
  return [
    // attention branch
    ...k.rmsnorm.bindForward(x, w.attnNorm, a.xn1.binding, a.rinv1.binding),
    ...qkv.bind(a.xn1.binding, [w.wq, w.wk, w.wv], [a.q.binding, a.k.binding, a.v.binding]),
    ...k.rope.bindForward(a.q.binding, pos, a.q.binding),
    ...k.rope.bindForward(a.k.binding, pos, a.k.binding),
    ...attend(a.q.binding, a.k.binding, a.v.binding, a.ya.binding),
    ...k.residualCopy.bind(x, a.x1.binding),
    ...projAdd.bind(a.ya.binding, w.wo, a.x1.binding),
    // MLP branch
    ...k.rmsnorm.bindForward(a.x1.binding, w.mlpNorm, a.xn2.binding, a.rinv2.binding),
    ...widen.bind(a.xn2.binding, [w.wGate, w.wUp], [a.gate.binding, a.up.binding]),
    ...k.swiglu.bindForward(a.gate.binding, a.up.binding, a.hid.binding),
    ...k.residualCopy.bind(a.x1.binding, a.out.binding),
    ...narrowAdd.bind(a.hid.binding, w.wDown, a.out.binding),
  ];
}

/**
 * In place on dres[N, C]: the gradient of the block's output becomes the gradient of its input x. Accumulates (+=)
 * the block's parameter gradients into g. Scratch `s` is overwritten.
 */
export async function blockBackward(
  k: EngineKernels, sh: BlockShape, w: BlockTensorBindings, g: BlockTensorBindings, x: GPUBufferBinding,
  a: BlockActivations, s: BackwardScratch, dres: GPUBufferBinding, batch: BatchSlices,
): Promise<PreparedDispatch[]> {
  const { N, C, F } = sh;
  const [dInC, dWC, dHid, dWDown, dInGateUp, dWGateUp, dInQkv, dWQkv] = await Promise.all([
    k.matmul({ M: N, N: C, K: C, transB: true }), // dX[N, C] = dY[N, C]·Wᵀ, W [C, C]
    k.matmul({ M: C, N: C, K: N, transA: true, accumulate: true }), // dW[C, C] += Xᵀ·dY
    k.matmul({ M: N, N: F, K: C, transB: true }), // dhid[N, F] = dres·Wdownᵀ, Wdown [F, C]
    k.matmul({ M: F, N: C, K: N, transA: true, accumulate: true }), // [F, C] += hidᵀ·dres
    k.matmul({ M: N, N: C, K: F, transB: true, batch: 2, sum: true }), // dxn[N, C] = dgate·Wgateᵀ + dup·Wupᵀ
    k.matmul({ M: C, N: F, K: N, transA: true, accumulate: true, batch: 2 }), // [C, F] += xn2ᵀ·dgate, xn2ᵀ·dup
    k.matmul({ M: N, N: C, K: C, transB: true, batch: 3, sum: true }), // dxn = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ
    k.matmul({ M: C, N: C, K: N, transA: true, accumulate: true, batch: 3 }), // [C, C] += xn1ᵀ·dq, dk, dv
  ]);
  const pos = batch.positions.binding;
  return [
    // MLP branch: out = x1 + hid·Wdown
    ...dHid.bind(dres, w.wDown, s.dhid.binding),
    ...dWDown.bind(a.hid.binding, dres, g.wDown),
    ...k.swiglu.bindBackward(s.dhid.binding, a.gate.binding, a.up.binding, s.dgate.binding, s.dup.binding),
    ...dInGateUp.bind([s.dgate.binding, s.dup.binding], [w.wGate, w.wUp], s.dxn.binding),
    ...dWGateUp.bind(a.xn2.binding, [s.dgate.binding, s.dup.binding], [g.wGate, g.wUp]),
    ...k.rmsnorm.bindBackward(s.dxn.binding, a.x1.binding, w.mlpNorm, a.rinv2.binding, dres, g.mlpNorm, true),
    // attention branch: x1 = x + ya·Wo
    ...dInC.bind(dres, w.wo, s.dya.binding),
    ...dWC.bind(a.ya.binding, dres, g.wo),
    ...k.attention.bindBackward({
      q: a.q.binding, k: a.k.binding, v: a.v.binding, out: a.ya.binding, dOut: s.dya.binding, stats: a.stats.binding,
      kinds: batch.kinds.binding, promptLen: batch.promptLen.binding, dq: s.dq.binding, dk: s.dk.binding, dv: s.dv.binding,
    }),
    ...k.rope.bindBackward(s.dq.binding, pos, s.dq.binding),
    ...k.rope.bindBackward(s.dk.binding, pos, s.dk.binding),
    ...dInQkv.bind([s.dq.binding, s.dk.binding, s.dv.binding], [w.wq, w.wk, w.wv], s.dxn.binding),
    ...dWQkv.bind(a.xn1.binding, [s.dq.binding, s.dk.binding, s.dv.binding], [g.wq, g.wk, g.wv]),
    ...k.rmsnorm.bindBackward(s.dxn.binding, x, w.attnNorm, a.rinv1.binding, dres, g.attnNorm, true),
  ];
}
