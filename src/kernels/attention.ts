// Masked multi-head attention on already-RoPE'd q, k (the mask is canAttend of src/model/batch.ts, computed in the
// kernels from kinds, indices and promptLen; never a T×T mask in memory). Scale 1/sqrt(headDim).
//   forward        one lane per query, online softmax over the key tiles its block can see; saves the logsumexp
//   backward       dq pass (also saves D = rowsum(dOut·out)), then a dk/dv pass with one lane per key
//   probabilities  one (example, head) of the softmax as a T×T matrix, for the UI, only when asked
// Kernels: attentionForwardWgsl.ts, attentionBackwardWgsl.ts; shared pieces and the tile scheme: attentionWgsl.ts.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { uniformWords } from '../gpu/buffers';
import { expectElements, type BufferArg } from './bufferArgs';
import type { AttentionPlan, AttentionVariant } from './attentionWgsl';
import { forwardWgsl, probabilitiesWgsl } from './attentionForwardWgsl';
import { dkdvWgsl, dqWgsl } from './attentionBackwardWgsl';

export interface AttentionShape {
  B: number;
  T: number;
  nHeads: number;
  headDim: number;
}

/** Overrides for tests and tuning; the defaults follow the adapter. */
export interface AttentionOptions {
  variant?: AttentionVariant;
  tile?: number;
  lanes?: number;
}

/**
 * subgroup variant where the device has subgroups: tiles of min(8, smallest subgroup) tokens (lavapipe 8,
 * SwiftShader 4), workgroups of one full subgroup (at least 8 lanes). direct variant otherwise: tiles of 8.
 */
export function attentionPlan(ctx: GpuContext, s: AttentionShape, o: AttentionOptions = {}): AttentionPlan {
  for (const k of ['B', 'T', 'nHeads', 'headDim'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new Error(`attention: ${k} must be a positive integer, got ${s[k]}`);
  }
  if (s.headDim % 4 !== 0) throw new Error(`attention: headDim ${s.headDim} must be a multiple of 4 (rows are read as vec4)`);
  const variant = o.variant ?? (ctx.hasSubgroups ? 'subgroup' : 'direct');
  if (variant === 'subgroup' && !ctx.hasSubgroups) throw new Error('attention: the subgroup variant needs the subgroups feature');
  const info = ctx.device.adapterInfo as GPUAdapterInfo | undefined;
  const subgroupMin = info?.subgroupMinSize ?? 4, subgroupMax = info?.subgroupMaxSize ?? 64;
  const tile = o.tile ?? (variant === 'subgroup' ? Math.min(8, subgroupMin) : 8);
  const lanes = o.lanes ?? Math.max(8, Math.min(subgroupMax, 64));
  if (!Number.isInteger(tile) || tile < 1 || tile > lanes) throw new Error(`attention: tile ${tile} must be in [1, lanes ${lanes}]`);
  if (variant === 'subgroup' && tile > subgroupMin) throw new Error(`attention: tile ${tile} exceeds the smallest subgroup (${subgroupMin})`);
  return { T: s.T, nHeads: s.nHeads, headDim: s.headDim, variant, lanes, tile };
}

export async function createAttention(ctx: GpuContext, shape: AttentionShape, options: AttentionOptions = {}) {
  const plan = attentionPlan(ctx, shape, options);
  const { B, T, nHeads } = shape;
  const tag = `${plan.variant} T${T} nh${nHeads} hd${shape.headDim}`;
  const [forward, dq, dkdv, probabilities] = await Promise.all([
    ctx.pipelines.get({ label: `attention forward ${tag}`, code: forwardWgsl(plan) }),
    ctx.pipelines.get({ label: `attention dq ${tag}`, code: dqWgsl(plan) }),
    ctx.pipelines.get({ label: `attention dk/dv ${tag}`, code: dkdvWgsl(plan) }),
    ctx.pipelines.get({ label: `attention probabilities ${tag}`, code: probabilitiesWgsl(plan) }),
  ]);
  const device = ctx.device;
  const rows = B * T * nHeads * shape.headDim, perHead = B * nHeads * T;
  const blocks = Math.ceil(T / plan.lanes);
  const grid: [number, number, number] = [blocks, nHeads, B];
  const dsum = ctx.buffers.create('attention D', perHead * 4); // [B*nHeads*T], written by dq, read by dk/dv
  const selections = new Map<number, GPUBuffer>(); // (example, head) uniforms of the probabilities kernel

  const check = (what: string, args: Record<string, BufferArg>) => {
    const sizes: Record<string, number> = { kinds: B * T, promptLen: B, stats: perHead, probs: T * T };
    for (const [name, arg] of Object.entries(args)) expectElements(arg, sizes[name] ?? rows, `attention ${what} ${name}`);
  };

  return {
    plan,
    /**
     * q, k, v, out: [B*T, C] (C = nHeads*headDim); kinds: [B*T] u32; promptLen: [B] u32 (kinds must hold prompt
     * exactly at [0, promptLen)); stats: [B, nHeads, T] f32 logsumexp of the scaled scores (0 for a query that sees
     * nothing, whose out row is 0). Any of them may be non-overlapping ranges of one buffer.
     */
    bindForward(a: { q: BufferArg; k: BufferArg; v: BufferArg; kinds: BufferArg; promptLen: BufferArg; out: BufferArg; stats: BufferArg }): PreparedDispatch[] {
      check('forward', a);
      const bindings = [a.q, a.k, a.v, a.kinds, a.promptLen, a.out, a.stats];
      return [prepareDispatch(device, { pipeline: forward, bindings, workgroups: grid, label: 'attention forward' })];
    },
    /** dOut: [B*T, C] -> dq, dk, dv: [B*T, C] (written, not accumulated). */
    bindBackward(a: {
      q: BufferArg; k: BufferArg; v: BufferArg; out: BufferArg; dOut: BufferArg; stats: BufferArg;
      kinds: BufferArg; promptLen: BufferArg; dq: BufferArg; dk: BufferArg; dv: BufferArg;
    }): PreparedDispatch[] {
      check('backward', a);
      return [
        prepareDispatch(device, { pipeline: dq, bindings: [a.q, a.k, a.v, a.out, a.dOut, a.stats, a.kinds, a.promptLen, a.dq, dsum], workgroups: grid, label: 'attention dq' }),
        prepareDispatch(device, { pipeline: dkdv, bindings: [a.q, a.k, a.v, a.dOut, a.stats, dsum, a.kinds, a.dk, a.dv, ...(plan.variant === 'direct' ? [a.promptLen] : [])], workgroups: grid, label: 'attention dk/dv' }),
      ];
    },
    /** probs: [T*T], row q = the probabilities of query q of example b, head `head` (0 where masked). */
    bindProbabilities(a: { q: BufferArg; k: BufferArg; stats: BufferArg; kinds: BufferArg; promptLen: BufferArg; probs: BufferArg }, b: number, head: number): PreparedDispatch[] {
      if (!(Number.isInteger(b) && b >= 0 && b < B && Number.isInteger(head) && head >= 0 && head < nHeads)) {
        throw new Error(`attention probabilities: example ${b} / head ${head} out of range (B ${B}, nHeads ${nHeads})`);
      }
      check('probabilities', a);
      const key = b * nHeads + head;
      let sel = selections.get(key);
      if (!sel) {
        sel = ctx.buffers.uniform(`attention probabilities b${b} h${head}`, uniformWords([b, head]));
        selections.set(key, sel);
      }
      const bindings = [a.q, a.k, a.stats, a.kinds, a.promptLen, a.probs, sel];
      return [prepareDispatch(device, { pipeline: probabilities, bindings, workgroups: [blocks, 1, 1], label: 'attention probabilities' })];
    },
    /** Frees the D scratch and the probabilities uniforms. */
    destroy(): void {
      ctx.buffers.destroy(dsum);
      for (const u of selections.values()) ctx.buffers.destroy(u);
      selections.clear();
    },
  };
}

export type AttentionKernels = Awaited<ReturnType<typeof createAttention>>;
