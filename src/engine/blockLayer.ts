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
// A stack of S heads' blocks (headStacks.ts) runs as one block of S·N rows: its activations hold head s's rows at
// s·N, the row-wise kernels (norms with one gain per head, RoPE, attention over S·B sequences, SwiGLU) are made at
// S·N rows, and each matmul is grouped over the heads (one dispatch computes every head's product with its own
// weight; matmulShape.ts `groups`). With S = 1 (the trunk) the matmuls are the plain ones.
// Shapes: N tokens per head (B·T in training, B in a KV-cache decode step), S heads, C = dModel, F = dFF, r LoRA
// rank; weights [in, out] row-major (y = x·W).
import type { PreparedDispatch } from '../gpu/recorder';
import type { Projection } from '../model/lora';
import type { RunModelConfig } from '../model/methodTensors';
import type { BackwardScratch, BlockActivations, BlockForwardActivations } from './activations';
import { adapterBackward, adapterForward, type AdapterShape } from './adapterLayer';
import type { AttentionView } from './batchBuffers';
import type { Operand } from '../kernels/matmulOperands';
import type { BlockKernels, TokenKernels } from './kernels';
import type { BlockGradientBindings, BlockTensorBindings } from './parameters';

export interface BlockShape {
  N: number;
  C: number;
  F: number;
  /** LoRA rank (0: no adapters). */
  r: number;
  /** The projection weights are bound as f16 copies (halfWeights.ts). */
  halfB: boolean;
  /** Heads stacked (1: one block, e.g. a trunk block). */
  S: number;
}

export function blockShape(config: RunModelConfig, N: number, halfB = false, S = 1): BlockShape {
  return { N, C: config.dModel, F: config.dFF, r: config.lora?.rank ?? 0, halfB, S };
}

/** The adapter shape of projection p: [C, C] for attention, [C, F] for gate and up, [F, C] for down. */
function adapterShape(s: BlockShape, p: Projection): AdapterShape {
  const wide = p === 'wGate' || p === 'wUp', narrow = p === 'wDown';
  return { N: s.N, In: narrow ? s.F : s.C, Out: wide ? s.F : s.C, r: s.r };
}

/** The matmul shape fields of a stack: its heads as groups (none for one block). */
const groupsOf = (s: BlockShape) => (s.S > 1 ? { groups: s.S } : {});

/** One matmul operand per head: f(0) for one block, else the S heads' (a grouped matmul's operand). */
function perHead<T>(s: BlockShape, f: (h: number) => T): T | T[] {
  return s.S === 1 ? f(0) : Array.from({ length: s.S }, (_, h) => f(h));
}

/** Head h's `count` elements of a stacked activation (the whole binding for one block). */
function headPart(s: BlockShape, x: GPUBufferBinding, h: number, count: number): GPUBufferBinding {
  return s.S === 1 ? x : { buffer: x.buffer, offset: (x.offset ?? 0) + h * count * 4, size: count * 4 };
}

/** Every head's rows of stacked activations, as per-head operands: [N, C] rows (`rowsC`) or [N, F] rows (`rowsF`). */
function stackRows(s: BlockShape) {
  const of = (count: number) => (x: GPUBufferBinding) => perHead(s, (h) => headPart(s, x, h, count));
  const set = (count: number) => (xs: GPUBufferBinding[]) => perHead(s, (h) => xs.map((x) => headPart(s, x, h, count)));
  return { rowsC: of(s.N * s.C), rowsF: of(s.N * s.F), setC: set(s.N * s.C), setF: set(s.N * s.F) };
}

/** The heads' tensors of one kind as a per-head operand (one tensor, or a set such as Wq, Wk, Wv). */
function weightsOf<T>(s: BlockShape, ws: readonly T[], pick: (w: T) => GPUBufferBinding | GPUBufferBinding[]): Operand {
  return perHead(s, (h) => pick(ws[h])) as Operand;
}

/** The attention step of a block: ya[N, C] from q, k [N, C] (after RoPE) and v [N, C]. */
export type AttendFn = (q: GPUBufferBinding, k: GPUBufferBinding, v: GPUBufferBinding, ya: GPUBufferBinding) => PreparedDispatch[];

/** Training's attention: the view's mask over its own B·T (a stack's S·B·T) tokens; saves the logsumexp in stats. */
export function batchAttention(k: BlockKernels, view: AttentionView, stats: GPUBufferBinding): AttendFn {
  return (q, kk, v, ya) => k.attention.bindForward({ q, k: kk, v, kinds: view.kinds.binding, promptLen: view.promptLen.binding, out: ya, stats });
}

/** The stack's blocks' tensors (one per head); adapters only on a block of its own (S = 1). */
function checkStack(s: BlockShape, ws: readonly BlockTensorBindings[]): void {
  if (ws.length !== s.S) throw new Error(`block: ${ws.length} blocks' tensors for a stack of ${s.S}`);
  if (s.S > 1 && ws.some((w) => Object.keys(w.adapters).length > 0)) throw new Error('block: a stack of heads with LoRA adapters');
}

/** out[S·N, C] (a.out) from x[S·N, C] at RoPE positions pos [S·N·P]; saves what the backward needs in `a`. */
export async function blockForward(
  k: TokenKernels, s: BlockShape, ws: readonly BlockTensorBindings[], x: GPUBufferBinding, a: BlockForwardActivations, pos: GPUBufferBinding, attend: AttendFn,
): Promise<PreparedDispatch[]> {
  checkStack(s, ws);
  const { N, C, F, halfB } = s, g = groupsOf(s), { rowsC, rowsF, setC, setF } = stackRows(s);
  /** y += s·(x·A)·B of projection p's adapter, when it has one. */
  const adapter = (p: Projection, x: GPUBufferBinding, y: GPUBufferBinding) => {
    const ad = ws[0].adapters[p], u = a.adapterU;
    return ad && u ? adapterForward(k, adapterShape(s, p), ad, x, u.binding, y) : Promise.resolve([]);
  };
  // Compiled side by side (a first step waits for every pipeline). q, k, v and gate, up: one batched dispatch each.
  const [qkv, projAdd, widen, narrowAdd, aq, ak, av, ao, aGate, aUp, aDown] = await Promise.all([
    k.matmul({ M: N, N: C, K: C, batch: 3, halfB, ...g }), // [N, C]·[C, C] for Wq, Wk, Wv
    k.matmul({ M: N, N: C, K: C, accumulate: true, halfB, ...g }),
    k.matmul({ M: N, N: F, K: C, batch: 2, halfB, ...g }), // [N, C]·[C, F] for Wgate, Wup
    k.matmul({ M: N, N: C, K: F, accumulate: true, halfB, ...g }), // [N, F]·[F, C]
    adapter('wq', a.xn1.binding, a.q.binding),
    adapter('wk', a.xn1.binding, a.k.binding),
    adapter('wv', a.xn1.binding, a.v.binding),
    adapter('wo', a.ya.binding, a.x1.binding),
    adapter('wGate', a.xn2.binding, a.gate.binding),
    adapter('wUp', a.xn2.binding, a.up.binding),
    adapter('wDown', a.hid.binding, a.out.binding),
  ]);
  const gains = (pick: (w: BlockTensorBindings) => GPUBufferBinding) => weightsOf(s, ws, pick) as GPUBufferBinding | GPUBufferBinding[];
  return [
    // attention branch
    ...k.rmsnorm.bindForward(x, gains((w) => w.attnNorm), a.xn1.binding, a.rinv1.binding),
    ...qkv.bind(rowsC(a.xn1.binding), weightsOf(s, ws, (w) => [w.wq, w.wk, w.wv]), setC([a.q.binding, a.k.binding, a.v.binding])), ...aq, ...ak, ...av,
    ...k.rope.bindForward(a.q.binding, pos, a.q.binding),
    ...k.rope.bindForward(a.k.binding, pos, a.k.binding),
    ...attend(a.q.binding, a.k.binding, a.v.binding, a.ya.binding),
    ...k.residualCopy.bind(x, a.x1.binding),
    ...projAdd.bind(rowsC(a.ya.binding), weightsOf(s, ws, (w) => w.wo), rowsC(a.x1.binding)), ...ao,
    // MLP branch
    ...k.rmsnorm.bindForward(a.x1.binding, gains((w) => w.mlpNorm), a.xn2.binding, a.rinv2.binding),
    ...widen.bind(rowsC(a.xn2.binding), weightsOf(s, ws, (w) => [w.wGate, w.wUp]), setF([a.gate.binding, a.up.binding])), ...aGate, ...aUp,
    ...k.swiglu.bindForward(a.gate.binding, a.up.binding, a.hid.binding),
    ...k.residualCopy.bind(a.x1.binding, a.out.binding),
    ...narrowAdd.bind(rowsF(a.hid.binding), weightsOf(s, ws, (w) => w.wDown), rowsC(a.out.binding)), ...aDown,
  ];
}

/** The gradient of a norm gain: its tensor, or the discarded scratch when it is frozen. */
function gainGradient(g: GPUBufferBinding | undefined, s: BackwardScratch): GPUBufferBinding {
  if (g) return g;
  if (!s.discard) throw new Error('block backward: a frozen norm gain without the discard scratch');
  return s.discard.binding;
}

/**
 * In place on dres[S·N, C]: the gradient of the blocks' outputs becomes the gradient of their inputs x. Accumulates
 * (+=) the gradients of the blocks' trained tensors into gs (one per head). Scratch `s` is overwritten.
 */
export async function blockBackward(
  k: BlockKernels, sh: BlockShape, ws: readonly BlockTensorBindings[], gs: readonly BlockGradientBindings[], x: GPUBufferBinding,
  a: BlockActivations, s: BackwardScratch, dres: GPUBufferBinding, view: AttentionView,
): Promise<PreparedDispatch[]> {
  checkStack(sh, ws);
  const { N, C, F, halfB } = sh, gr = groupsOf(sh), { rowsC, rowsF, setC, setF } = stackRows(sh);
  const w0 = ws[0], g0 = gs[0];
  /** Through projection p's adapter, when it has one: its gradients, and dx += its input gradient. */
  const adapter = (p: Projection, input: GPUBufferBinding, dy: GPUBufferBinding, dx: GPUBufferBinding) => {
    const ad = w0.adapters[p], gad = g0.adapters[p], u = a.adapterU;
    if (!ad || !gad || !u) return Promise.resolve([]);
    if (!s.du) throw new Error('block backward: an adapter without the du scratch');
    return adapterBackward(k, adapterShape(sh, p), ad, gad, input, u.binding, dy, s.du.binding, dx);
  };
  /** dW += Xᵀ·dY for each weight of a (batched) set unless the set is frozen (LoRA freezes all base weights or none). */
  const weightGradient = (mm: { bind: (a: Operand, b: Operand, c: Operand) => PreparedDispatch[] }, input: Operand, dy: Operand, pick: (g: BlockGradientBindings) => (GPUBufferBinding | undefined)[]) => {
    const sets = gs.map(pick);
    const trained = sets.flat().filter((d): d is GPUBufferBinding => d !== undefined);
    if (trained.length === 0) return [];
    if (trained.length < sets.flat().length) throw new Error('block backward: a batched weight set is partly frozen');
    return mm.bind(input, dy, perHead(sh, (h) => (sets[h].length === 1 ? sets[h][0] : sets[h])) as Operand);
  };
  /** The norm gains of every head, or their gradients (a frozen one: the discard scratch). */
  const gains = (pick: (w: BlockTensorBindings) => GPUBufferBinding) => weightsOf(sh, ws, pick) as GPUBufferBinding | GPUBufferBinding[];
  const gainGrads = (pick: (g: BlockGradientBindings) => GPUBufferBinding | undefined) => perHead(sh, (h) => gainGradient(pick(gs[h]), s));
  const [dInC, dWC, dHid, dWDown, dInGateUp, dWGateUp, dInQkv, dWQkv, adq, adk, adv, ado, adGate, adUp, adDown] = await Promise.all([
    k.matmul({ M: N, N: C, K: C, transB: true, halfB, ...gr }), // dX[N, C] = dY[N, C]·Wᵀ, W [C, C]
    k.matmul({ M: C, N: C, K: N, transA: true, accumulate: true, ...gr }), // dW[C, C] += Xᵀ·dY
    k.matmul({ M: N, N: F, K: C, transB: true, halfB, ...gr }), // dhid[N, F] = dres·Wdownᵀ, Wdown [F, C]
    k.matmul({ M: F, N: C, K: N, transA: true, accumulate: true, ...gr }), // [F, C] += hidᵀ·dres
    k.matmul({ M: N, N: C, K: F, transB: true, batch: 2, sum: true, halfB, ...gr }), // dxn[N, C] = dgate·Wgateᵀ + dup·Wupᵀ
    k.matmul({ M: C, N: F, K: N, transA: true, accumulate: true, batch: 2, ...gr }), // [C, F] += xn2ᵀ·dgate, xn2ᵀ·dup
    k.matmul({ M: N, N: C, K: C, transB: true, batch: 3, sum: true, halfB, ...gr }), // dxn = dq·Wqᵀ + dk·Wkᵀ + dv·Wvᵀ
    k.matmul({ M: C, N: C, K: N, transA: true, accumulate: true, batch: 3, ...gr }), // [C, C] += xn1ᵀ·dq, dk, dv
    adapter('wq', a.xn1.binding, s.dq.binding, s.dxn.binding),
    adapter('wk', a.xn1.binding, s.dk.binding, s.dxn.binding),
    adapter('wv', a.xn1.binding, s.dv.binding, s.dxn.binding),
    adapter('wo', a.ya.binding, dres, s.dya.binding),
    adapter('wGate', a.xn2.binding, s.dgate.binding, s.dxn.binding),
    adapter('wUp', a.xn2.binding, s.dup.binding, s.dxn.binding),
    adapter('wDown', a.hid.binding, dres, s.dhid.binding),
  ]);
  const pos = view.positions.binding;
  const dGateUp = [s.dgate.binding, s.dup.binding], dQkv = [s.dq.binding, s.dk.binding, s.dv.binding];
  return [
    // MLP branch: out = x1 + hid·Wdown
    ...dHid.bind(rowsC(dres), weightsOf(sh, ws, (w) => w.wDown), rowsF(s.dhid.binding)),
    ...weightGradient(dWDown, rowsF(a.hid.binding), rowsC(dres), (g) => [g.wDown]),
    ...adDown,
    ...k.swiglu.bindBackward(s.dhid.binding, a.gate.binding, a.up.binding, s.dgate.binding, s.dup.binding),
    ...dInGateUp.bind(setF(dGateUp), weightsOf(sh, ws, (w) => [w.wGate, w.wUp]), rowsC(s.dxn.binding)),
    ...adGate, ...adUp,
    ...weightGradient(dWGateUp, rowsC(a.xn2.binding), setF(dGateUp), (g) => [g.wGate, g.wUp]),
    ...k.rmsnorm.bindBackward(s.dxn.binding, a.x1.binding, gains((w) => w.mlpNorm), a.rinv2.binding, dres, gainGrads((g) => g.mlpNorm), true),
    // attention branch: x1 = x + ya·Wo
    ...dInC.bind(rowsC(dres), weightsOf(sh, ws, (w) => w.wo), rowsC(s.dya.binding)),
    ...weightGradient(dWC, rowsC(a.ya.binding), rowsC(dres), (g) => [g.wo]),
    ...ado,
    ...k.attention.bindBackward({
      q: a.q.binding, k: a.k.binding, v: a.v.binding, out: a.ya.binding, dOut: s.dya.binding, stats: a.stats.binding,
      kinds: view.kinds.binding, promptLen: view.promptLen.binding, dq: s.dq.binding, dk: s.dk.binding, dv: s.dv.binding,
    }),
    ...k.rope.bindBackward(s.dq.binding, pos, s.dq.binding),
    ...k.rope.bindBackward(s.dk.binding, pos, s.dk.binding),
    ...dInQkv.bind(setC(dQkv), weightsOf(sh, ws, (w) => [w.wq, w.wk, w.wv]), rowsC(s.dxn.binding)),
    ...adq, ...adk, ...adv,
    ...weightGradient(dWQkv, rowsC(a.xn1.binding), setC(dQkv), (g) => [g.wq, g.wk, g.wv]),
    ...k.rmsnorm.bindBackward(s.dxn.binding, x, gains((w) => w.attnNorm), a.rinv1.binding, dres, gainGrads((g) => g.attnNorm), true),
  ];
}
