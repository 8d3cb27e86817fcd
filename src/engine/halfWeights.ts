// f16 copies of the blocks' projection weights, the B operand of the f16-B matmuls (packed pairs: any adapter) when
// the engine trains with EngineOptions.halfWeights. The f32 tensors stay the master weights AdamW updates; one cast
// dispatch per parameter buffer refreshes every copy before a forward. Each copy starts 256-byte aligned, in the
// layout's order, so Wq, Wk, Wv (and Wgate, Wup) keep one stride between them and still bind as one batched operand.
// Shapes: C = dModel, F = dFF; copies [C, C] (wq, wk, wv, wo), [C, F] (wGate, wUp), [F, C] (wDown).
import type { GpuContext } from '../gpu/context';
import type { PreparedDispatch } from '../gpu/recorder';
import type { RunModelConfig } from '../model/methodTensors';
import { blockTensorShapes } from '../model/layout';
import { createCastHalf, type CastSegment } from '../kernels/castHalf';
import { blockPrefixes, type BlockTensorBindings, type FlatTensors } from './parameters';

/** The block tensors the matmuls read as B. */
export const HALF_WEIGHT_NAMES = ['wq', 'wk', 'wv', 'wo', 'wGate', 'wUp', 'wDown'] as const;
type HalfWeightName = (typeof HALF_WEIGHT_NAMES)[number];

/** 256 bytes of f16. */
const ALIGN_HALVES = 128;

export interface HalfWeightPlan {
  /** Full tensor name, offset and size in f16 elements. */
  copies: { name: string; offset: number; size: number }[];
  totalHalves: number;
}

/** Where every block's projection weights go in the f16 buffer (pure: the memory estimate uses it too). */
export function planHalfWeights(config: RunModelConfig): HalfWeightPlan {
  const sizes = new Map(blockTensorShapes(config).map(([name, shape]) => [name, shape.reduce((a, b) => a * b, 1)]));
  const copies: HalfWeightPlan['copies'] = [];
  let offset = 0;
  for (const prefix of blockPrefixes(config)) {
    for (const name of HALF_WEIGHT_NAMES) {
      const size = sizes.get(name)!;
      copies.push({ name: `${prefix}.${name}`, offset, size });
      offset += Math.ceil(size / ALIGN_HALVES) * ALIGN_HALVES;
    }
  }
  return { copies, totalHalves: offset };
}

export class HalfWeights {
  private constructor(
    private readonly ctx: GpuContext,
    readonly buffer: GPUBuffer,
    private readonly copies: Map<string, { offset: number; size: number }>,
    /** The cast of every copy from its f32 tensor: record before a forward. */
    readonly refresh: PreparedDispatch[],
    private readonly casts: { destroy(): void }[],
  ) {}

  static async create(ctx: GpuContext, config: RunModelConfig, params: FlatTensors): Promise<HalfWeights> {
    const plan = planHalfWeights(config);
    const buffer = ctx.buffers.create('f16 weights', plan.totalHalves * 2);
    // One cast per f32 buffer the weights live in (with LoRA the frozen base has its own).
    const bySource = new Map<GPUBuffer, CastSegment[]>();
    for (const c of plan.copies) {
      const t = params.tensor(c.name);
      const list = bySource.get(t.buffer) ?? [];
      list.push({ src: (t.offset ?? 0) / 4, dst: c.offset, n: c.size });
      bySource.set(t.buffer, list);
    }
    const casts = await Promise.all([...bySource.values()].map((segments) => createCastHalf(ctx, segments)));
    const refresh = [...bySource.keys()].flatMap((src, i) => casts[i].bind(src, buffer));
    return new HalfWeights(ctx, buffer, new Map(plan.copies.map((c) => [c.name, c])), refresh, casts);
  }

  /** The block's tensors with its projection weights bound as their f16 copies (the norm gains stay f32). */
  block(prefix: string, f32: BlockTensorBindings): BlockTensorBindings {
    const out: BlockTensorBindings = { ...f32 };
    for (const name of HALF_WEIGHT_NAMES) out[name as HalfWeightName] = this.binding(`${prefix}.${name}`);
    return out;
  }

  private binding(name: string): GPUBufferBinding {
    const c = this.copies.get(name);
    if (!c) throw new Error(`no f16 copy of ${name}`);
    return { buffer: this.buffer, offset: c.offset * 2, size: Math.ceil(c.size / 2) * 4 };
  }

  destroy(): void {
    for (const c of this.casts) c.destroy();
    this.ctx.buffers.destroy(this.buffer);
  }
}
