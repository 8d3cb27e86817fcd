// Matrix multiply for the engine: forward y[BT,N] = x[BT,K]·W[K,N]; backward dX = dY·Wᵀ (transB) and
// dW += Xᵀ·dY (transA, accumulate); the tied LM head's logits = x·Eᵀ with E [V,C] (transB).
//   C[M,N] (+)= op(A)[M,K] · op(B)[K,N]
//   op(A) = A stored [M,K], or Aᵀ with A stored [K,M] (transA). op(B) = B stored [K,N], or Bᵀ with B stored [N,K] (transB).
// A kernel is made once per shape (a 16-byte uniform with M, N, K; its pipeline is compiled once per structure —
// transposes, accumulate, alignments — and shared through the pipeline cache) and bound once per set of buffers;
// the engine records the PreparedDispatch list every step. Variants: matmulTiled.ts (portable) and
// matmulSubgroup.ts (CPU rasterizers), chosen per device by select.ts.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { uniformWords } from '../gpu/buffers';
import { expectElements, type BufferArg } from './bufferArgs';
import { describeShape, validateShape, type MatmulPlan, type MatmulShape } from './matmulShape';
import { subgroupMatmulPlan } from './matmulSubgroup';
import { tiledMatmulPlan } from './matmulTiled';
import { checkVariant, kernelSelection, type MatmulVariant } from './select';

export type { MatmulShape } from './matmulShape';
export type { MatmulVariant } from './select';

export interface MatmulKernel {
  shape: MatmulShape;
  variant: MatmulVariant;
  /** 2·M·N·K. */
  flops: number;
  /** a: A, b: B, c: C as laid out above (whole buffers or ranges with 256-byte aligned offsets). */
  bind(a: BufferArg, b: BufferArg, c: BufferArg): PreparedDispatch[];
}

export interface MatmulOptions {
  /** Force a variant (tests, benchmarks); default: the device's selection. */
  variant?: MatmulVariant;
}

const planners: Record<MatmulVariant, (s: MatmulShape) => MatmulPlan> = {
  tiled: tiledMatmulPlan,
  subgroup8: subgroupMatmulPlan,
};

export async function createMatmul(ctx: GpuContext, shape: MatmulShape, opts: MatmulOptions = {}): Promise<MatmulKernel> {
  validateShape(shape);
  const s: MatmulShape = { ...shape };
  const variant = opts.variant ?? (await kernelSelection(ctx)).matmul;
  await checkVariant(ctx, variant);
  const plan = planners[variant](s);
  const maxGroups = ctx.device.limits.maxComputeWorkgroupsPerDimension;
  if (plan.workgroups.some((g) => g > maxGroups)) {
    throw new Error(`matmul ${describeShape(s)}: grid ${plan.workgroups.join('×')} exceeds ${maxGroups} workgroups per dimension`);
  }
  const pipeline = await ctx.pipelines.get({ label: plan.label, code: plan.code });
  const dims = ctx.buffers.uniform(`${plan.label} dims`, uniformWords([s.M, s.N, s.K]));
  const need = { a: s.M * s.K, b: s.K * s.N, c: s.M * s.N };
  return {
    shape: s,
    variant,
    flops: 2 * s.M * s.N * s.K,
    bind(a, b, c) {
      expectElements(a, need.a, `matmul ${describeShape(s)} A`);
      expectElements(b, need.b, `matmul ${describeShape(s)} B`);
      expectElements(c, need.c, `matmul ${describeShape(s)} C`);
      return [prepareDispatch(ctx.device, { pipeline, bindings: [a, b, c, dims], workgroups: plan.workgroups, label: plan.label })];
    },
  };
}
