// A matmul config (variant, workgroup width, split of k) made into what runs a shape: its plans, their pipelines,
// a split's scratch, and the dispatches of one set of bindings. createMatmul and the autotune's timings both run this.
//   unsplit:  one dispatch   C[M,N] (+)= op(A)[M,K]·op(B)[K,N]   (a, b, c, dims)
//   split S:  two dispatches P[gridZ·S, M, N] = partial products over k chunks (a, b, P, dims), then C (+)= Σ_s P
//             (P, c, dims); see matmulSplit.ts
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import type { BufferArg } from './bufferArgs';
import { describeShape, dimsWords, gridZ, type MatmulPlan, type MatmulShape, type Strides } from './matmulShape';
import { registerMatmulPlan } from './matmulRegisters';
import { kSplit, splitSumPlan, type KSplit } from './matmulSplit';
import { tiledMatmulPlan } from './matmulTiled';
import type { MatmulVariant } from './select';

export interface MatmulConfig {
  variant: MatmulVariant;
  /** Workgroup x extent of the register variants (the tiled kernel's workgroup is fixed at 16×16). */
  wx: number;
  /** Chunks of k computed apart and summed by a second dispatch (absent or 1: unsplit). */
  split?: number;
}

/** e.g. 'quad/16', 'tiled', 'quad/16 k8'. */
export function describeConfig(c: MatmulConfig): string {
  return `${c.variant === 'tiled' ? 'tiled' : `${c.variant}/${c.wx}`}${(c.split ?? 1) > 1 ? ` k${c.split}` : ''}`;
}

/** The default width of a variant for a shape, unsplit: one or two 8-lane groups, whichever wastes fewer columns
 * past N. */
export function defaultConfig(variant: MatmulVariant, s: MatmulShape): MatmulConfig {
  if (variant === 'tiled') return { variant, wx: 16 };
  const waste = (wx: number) => Math.ceil(s.N / (wx * 4)) * wx * 4 - s.N;
  return { variant, wx: waste(16) <= waste(8) ? 16 : 8 };
}

/** The chunks of a split config on this shape, or null (unsplit). */
export function splitOf(s: MatmulShape, c: MatmulConfig): KSplit | null {
  return (c.split ?? 1) > 1 ? kSplit(s.K, c.split!) : null;
}

/** The plans of a config: [the matmul], or split: [the partial products, their sum]. */
export function matmulPlans(s: MatmulShape, c: MatmulConfig): MatmulPlan[] {
  const split = splitOf(s, c);
  const k = split ? { ...s, accumulate: false, splitK: true } : s;
  const main = c.variant === 'tiled' ? tiledMatmulPlan(k) : registerMatmulPlan(k, c.variant, c.wx);
  if (!split) return [main];
  const [x, y, z] = main.workgroups;
  return [{ ...main, workgroups: [x, y, z * split.chunks] }, splitSumPlan(s, gridZ(s))];
}

export interface MatmulProgram {
  /** The first plan's label (the matmul's). */
  label: string;
  /** The uniform words of a binding with these operand strides (and group strides). */
  dimsWords(strides?: Strides, groupStrides?: Strides): number[];
  /** a, b, c: the operands' bindings (batched: one range over every product); dims: a uniform of dimsWords. */
  bind(a: BufferArg, b: BufferArg, c: BufferArg, dims: GPUBuffer): PreparedDispatch[];
  /** Frees a split's scratch (what its binds wrote into; they must not run after). */
  destroy(): void;
}

/** Compiles a config's pipelines for `s` and makes a split's scratch: one per program, shared by its binds (the
 * dispatches of one submission run in order, so each bind's sum reads its own partials). */
export async function createMatmulProgram(ctx: GpuContext, s: MatmulShape, c: MatmulConfig): Promise<MatmulProgram> {
  const plans = matmulPlans(s, c);
  const maxGroups = ctx.device.limits.maxComputeWorkgroupsPerDimension;
  for (const plan of plans) {
    if (plan.workgroups.some((g) => g > maxGroups)) {
      throw new Error(`matmul ${describeShape(s)}: ${plan.label} grid ${plan.workgroups.join('×')} exceeds ${maxGroups} workgroups per dimension`);
    }
  }
  const pipelines = await Promise.all(plans.map((plan) => ctx.pipelines.get({ label: plan.label, code: plan.code })));
  const split = splitOf(s, c);
  const scratch = split && ctx.buffers.create(`${plans[0].label} partials`, split.chunks * gridZ(s) * s.M * s.N * 4);
  const dispatch = (i: number, bindings: BufferArg[]) =>
    prepareDispatch(ctx.device, { pipeline: pipelines[i], bindings, workgroups: plans[i].workgroups, label: plans[i].label });
  return {
    label: plans[0].label,
    dimsWords: (strides, groupStrides) => dimsWords(s, strides, split?.kChunk ?? 0, groupStrides),
    bind(a, b, cOut, dims) {
      if (!scratch) return [dispatch(0, [a, b, cOut, dims])];
      return [dispatch(0, [a, b, scratch, dims]), dispatch(1, [scratch, cOut, dims])];
    },
    destroy() {
      if (scratch) ctx.buffers.destroy(scratch);
    },
  };
}
