// Matrix multiply for the engine: forward y[BT,N] = x[BT,K]·W[K,N]; backward dX = dY·Wᵀ (transB) and
// dW += Xᵀ·dY (transA, accumulate); the tied LM head's logits = x·Eᵀ with E [V,C] (transB).
//   C[M,N] (+)= op(A)[M,K] · op(B)[K,N]
//   op(A) = A stored [M,K], or Aᵀ with A stored [K,M] (transA). op(B) = B stored [K,N], or Bᵀ with B stored [N,K] (transB).
// A kernel is made once per shape (a 16-byte uniform with M, N, K; its pipeline is compiled once per structure —
// transposes, accumulate, alignments — and shared through the pipeline cache) and bound once per set of buffers;
// the engine records the PreparedDispatch list every step. With `halfB` (the engine's f16 weights, made by castHalf.ts;
// core WGSL, any adapter) B is stored as f16 and widened to f32 on load: f32 accumulation always.
// Variants: matmulTiled.ts (workgroup-memory tiles) and matmulRegisters.ts (register blocking, shared through
// subgroups where the adapter has them); select.ts says which this adapter can run, autotune.ts times them and picks
// per shape class. Any variant may run split over k (matmulSplit.ts: two dispatches per bind, and a scratch).
import type { GpuContext } from '../gpu/context';
import type { PreparedDispatch } from '../gpu/recorder';
import { uniformWords } from '../gpu/buffers';
import { batchOf, bBytes, describeShape, groupsOf, matmulFlops, validateShape, type MatmulShape } from './matmulShape';
import { groupedOperand, type Operand } from './matmulOperands';
import { tunedConfig } from './autotune';
import { createMatmulProgram, defaultConfig, describeConfig, type MatmulConfig } from './matmulProgram';
import { checkVariant, matmulVariantOverride, type MatmulVariant } from './select';

export type { MatmulShape } from './matmulShape';
export type { MatmulVariant } from './select';
export type { MatmulConfig } from './matmulProgram';

export interface MatmulKernel {
  shape: MatmulShape;
  variant: MatmulVariant;
  /** Variant, workgroup width and split of k, e.g. 'quad/16', 'quad/16 k8'. */
  config: string;
  /** 2·M·N·K per product. */
  flops: number;
  /** a: A, b: B, c: C as laid out above (whole buffers or ranges with 256-byte aligned offsets). Batched: each
   * operand one per product (ranges of one buffer at a fixed stride) or one shared by all; a sum's C is one.
   * Grouped: each operand one shared by all, or one per group (each as above, the groups at a fixed stride). */
  bind(a: Operand, b: Operand, c: Operand): PreparedDispatch[];
}

export interface MatmulOptions {
  /** Force a variant at its default width, or a whole config (tests, benchmarks); default: MUTOR_MATMUL where set,
   * else the autotuned config of the shape's class. */
  variant?: MatmulVariant;
  config?: MatmulConfig;
}

async function configFor(ctx: GpuContext, s: MatmulShape, opts: MatmulOptions): Promise<MatmulConfig> {
  if (opts.config) return opts.config;
  const variant = opts.variant ?? matmulVariantOverride();
  // A batched or grouped shape runs the config of one of its products (the same loops, G·Z times over), unsplit
  // when grouped (its kernels have no split over k).
  const { batch: _z, sum: _sum, groups: _g, ...product } = s;
  const config = variant ? defaultConfig(variant, s) : (await tunedConfig(ctx, product)).config;
  return groupsOf(s) > 1 ? { ...config, split: undefined } : config;
}

export async function createMatmul(ctx: GpuContext, shape: MatmulShape, opts: MatmulOptions = {}): Promise<MatmulKernel> {
  validateShape(shape);
  const s: MatmulShape = { ...shape };
  const config = await configFor(ctx, s, opts);
  await checkVariant(ctx, config.variant);
  // A split's scratch lives as long as the kernel's dims uniform: kernels have no destroy, the context frees both.
  const program = await createMatmulProgram(ctx, s, config);
  const Z = batchOf(s), G = groupsOf(s);
  const shared = Z === 1 && G === 1 ? ctx.buffers.uniform(`${program.label} dims`, uniformWords(program.dimsWords())) : null;
  const need = { a: s.M * s.K, b: s.K * s.N, c: s.M * s.N };
  const what = (x: string) => `matmul ${describeShape(s)} ${x}`;
  return {
    shape: s,
    variant: config.variant,
    config: describeConfig(config),
    flops: matmulFlops(s),
    bind(a, b, c) {
      const ops = [groupedOperand(a, G, Z, need.a, what('A')), groupedOperand(b, G, Z, need.b, what('B'), bBytes(s)), groupedOperand(c, G, s.sum ? 1 : Z, need.c, what('C'))];
      // A batched or grouped dispatch's strides are its operands': one small uniform per binding.
      const words = program.dimsWords([ops[0].stride, ops[1].stride, ops[2].stride], [ops[0].groupStride, ops[1].groupStride, ops[2].groupStride]);
      const dims = shared ?? ctx.buffers.uniform(`${program.label} dims`, uniformWords(words));
      return program.bind(ops[0].binding, ops[1].binding, ops[2].binding, dims);
    },
  };
}
