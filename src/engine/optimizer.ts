// Optimizer wiring: AdamW moments (one buffer each, same layout as the parameters), the per-element trainable/decay
// mask, the clip scratch and the per-step hyperparameter uniform. The update itself is src/kernels/adamw.ts.
import type { GpuContext } from '../gpu/context';
import { Usage } from '../gpu/buffers';
import { readFloat32 } from '../gpu/readback';
import type { PreparedDispatch } from '../gpu/recorder';
import type { ParameterLayout } from '../model/layout';
import { adamwHyperparameters, CLIP_FLOATS, createAdamW, DECAY_BIT, HYPER_WORDS, TRAINABLE_BIT } from '../kernels/adamw';
import type { BufferArg } from '../kernels/bufferArgs';
import { learningRateAt, type OptimizerOptions } from '../model/schedule';

export type TrainableFn = (tensorName: string) => boolean;

/** [P] mask words: trainable bit for tensors `trainable` accepts, decay bit for the layout's decay tensors. */
export function parameterMask(layout: ParameterLayout, trainable: TrainableFn): Uint32Array<ArrayBuffer> {
  const mask = new Uint32Array(layout.totalSize);
  for (const t of layout.tensors) {
    if (trainable(t.name)) mask.fill(TRAINABLE_BIT | (t.decay ? DECAY_BIT : 0), t.offset, t.offset + t.size);
  }
  return mask;
}

export class Optimizer {
  /** Optimizer steps taken (the next update is step `steps`, 0-based, of the schedule). */
  steps = 0;
  /** [CLIP_FLOATS]: clip scale and gradient norm of the last update, the first step (1-based) whose loss or gradient
   * norm was not finite (0: none) (read only for metrics). */
  readonly clip: GPUBuffer;
  readonly dispatches: PreparedDispatch[];
  private readonly m: GPUBuffer;
  private readonly v: GPUBuffer;
  private readonly mask: GPUBuffer;
  private readonly partial: GPUBuffer;
  private readonly hyper: GPUBuffer;

  private constructor(
    private readonly ctx: GpuContext, private readonly layout: ParameterLayout, public options: OptimizerOptions,
    kernels: Awaited<ReturnType<typeof createAdamW>>, params: GPUBuffer, grads: GPUBuffer, loss: BufferArg,
  ) {
    const P = layout.totalSize, b = ctx.buffers;
    this.m = b.create('adam m', P * 4);
    this.v = b.create('adam v', P * 4);
    this.mask = b.upload('trainable mask', parameterMask(layout, () => true));
    this.partial = b.create('grad norm partials', kernels.partialFloats * 4);
    this.clip = b.create('clip', CLIP_FLOATS * 4);
    this.hyper = b.create('adam hyperparameters', HYPER_WORDS * 4, Usage.uniform);
    this.dispatches = kernels.bind({ hyper: this.hyper, params, grads, m: this.m, v: this.v, mask: this.mask, partial: this.partial, clip: this.clip, loss });
  }

  /** `loss`: the step's loss report, checked for finiteness with the gradient norm. */
  static async create(ctx: GpuContext, layout: ParameterLayout, options: OptimizerOptions, params: GPUBuffer, grads: GPUBuffer, loss: BufferArg): Promise<Optimizer> {
    return new Optimizer(ctx, layout, options, await createAdamW(ctx, layout.totalSize), params, grads, loss);
  }

  /** Freezes the tensors `trainable` rejects: they keep their values and moments. */
  setTrainable(trainable: TrainableFn): void {
    this.ctx.buffers.write(this.mask, parameterMask(this.layout, trainable));
  }

  /** Writes the scalars of the next update; returns its learning rate. Call once per optimizer step, before submit. */
  prepareStep(): number {
    const lr = learningRateAt(this.steps, this.options);
    this.steps++;
    this.ctx.buffers.write(this.hyper, adamwHyperparameters(this.options, lr, this.steps));
    return lr;
  }

  /** Zero moments, step count and non-finite flag (after new parameters are loaded). */
  reset(): void {
    const zeros = new Uint8Array(this.layout.totalSize * 4);
    this.ctx.buffers.write(this.m, zeros);
    this.ctx.buffers.write(this.v, zeros);
    this.clearFlag();
    this.steps = 0;
  }

  private clearFlag(): void {
    this.ctx.buffers.write(this.clip, new Float32Array(CLIP_FLOATS));
  }

  /** The moments and step count, for checkpoints. */
  async state(): Promise<{ steps: number; m: Float32Array; v: Float32Array }> {
    const P = this.layout.totalSize;
    return { steps: this.steps, m: await readFloat32(this.ctx, this.m, 0, P), v: await readFloat32(this.ctx, this.v, 0, P) };
  }

  /** Restores a checkpoint's moments and step count (the schedule continues from `steps`). */
  load(state: { steps: number; m: Float32Array; v: Float32Array }): void {
    const P = this.layout.totalSize;
    if (state.m.length !== P || state.v.length !== P) throw new Error(`optimizer state has ${state.m.length} moments, the layout has ${P}`);
    this.ctx.buffers.write(this.m, Float32Array.from(state.m));
    this.ctx.buffers.write(this.v, Float32Array.from(state.v));
    this.clearFlag();
    this.steps = state.steps;
  }

  destroy(): void {
    for (const b of [this.m, this.v, this.mask, this.partial, this.clip, this.hyper]) this.ctx.buffers.destroy(b);
  }
}
