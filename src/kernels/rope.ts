// Rotary position embedding at per-token position ids (any i32, not indices), "rotate half" as in
// src/model/config.ts: 1D rotates pairs (i, i + hd/2) by pos·theta^(-2i/hd); 2D splits the head into halves,
// half c rotated with position component c, pairs (i, i + hd/4) by pos_c·theta^(-2i/(hd/2)).
// The rotation is orthogonal, so the backward is the inverse rotation of the gradient. Kernel: ropeWgsl.ts.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';
import { ropeWgsl, type RopePlan, type RopeSection } from './ropeWgsl';

export interface RopeShape {
  /** B*T rows. */
  tokens: number;
  nHeads: number;
  headDim: number;
  posComponents: 1 | 2;
  theta: number;
}

export function ropePlan(s: RopeShape): RopePlan {
  for (const k of ['tokens', 'nHeads', 'headDim'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new Error(`rope: ${k} must be a positive integer, got ${s[k]}`);
  }
  const unit = 2 * s.posComponents;
  if (s.headDim % unit !== 0) throw new Error(`rope: headDim ${s.headDim} must be a multiple of ${unit} for ${s.posComponents}D RoPE`);
  if (!(s.theta > 0)) throw new Error(`rope: theta must be positive, got ${s.theta}`);
  const width = s.headDim / s.posComponents;
  const sections: RopeSection[] = s.posComponents === 1 ? [{ start: 0, width }] : [{ start: 0, width }, { start: width, width }];
  const half = width / 2;
  const group = half % 4 === 0 ? 4 : half % 2 === 0 ? 2 : 1;
  return { tokens: s.tokens, nHeads: s.nHeads, headDim: s.headDim, sections, group, theta: s.theta };
}

/** Same buffer, same range: the in-place variant binds it once (a writable binding may not overlap another). */
function sameRange(a: BufferArg, b: BufferArg): boolean {
  const buf = (x: BufferArg) => ('buffer' in x ? x.buffer : x);
  const off = (x: BufferArg) => ('buffer' in x ? x.offset ?? 0 : 0);
  return buf(a) === buf(b) && off(a) === off(b);
}

export async function createRope(ctx: GpuContext, shape: RopeShape) {
  const plan = ropePlan(shape);
  const variants = [
    { sign: 1, inPlace: false },
    { sign: 1, inPlace: true },
    { sign: -1, inPlace: false },
    { sign: -1, inPlace: true },
  ] as const;
  const [fwd, fwdInPlace, bwd, bwdInPlace] = await Promise.all(
    variants.map((v) => ctx.pipelines.get({ label: `rope ${v.sign > 0 ? 'forward' : 'backward'}${v.inPlace ? ' in place' : ''}`, code: ropeWgsl(plan, v.sign, v.inPlace) })),
  );
  const C = shape.nHeads * shape.headDim;
  const lanes = shape.tokens * shape.posComponents * (plan.sections[0].width / 2 / plan.group);
  const workgroups = workgroupsFor(lanes, 64, 'rope');

  // x, out: [tokens, C]; positions: [tokens * posComponents] i32.
  const bind = (what: string, x: BufferArg, positions: BufferArg, out: BufferArg, pipelines: [GPUComputePipeline, GPUComputePipeline]): PreparedDispatch[] => {
    expectElements(x, shape.tokens * C, `${what} input`);
    expectElements(out, shape.tokens * C, `${what} output`);
    expectElements(positions, shape.tokens * shape.posComponents, `${what} positions`);
    const inPlace = sameRange(x, out);
    const bindings = inPlace ? [x, positions] : [x, positions, out];
    return [prepareDispatch(ctx.device, { pipeline: pipelines[inPlace ? 1 : 0], bindings, workgroups: [workgroups], label: what })];
  };
  return {
    /** out = R(pos)·x; out may be x (in place). */
    bindForward(x: BufferArg, positions: BufferArg, out: BufferArg): PreparedDispatch[] {
      return bind('rope forward', x, positions, out, [fwd, fwdInPlace]);
    },
    /** dx = R(pos)ᵀ·dOut; dx may be dOut (in place). */
    bindBackward(dOut: BufferArg, positions: BufferArg, dx: BufferArg): PreparedDispatch[] {
      return bind('rope backward', dOut, positions, dx, [bwd, bwdInPlace]);
    },
  };
}

export type RopeKernels = Awaited<ReturnType<typeof createRope>>;
