// Float64 AdamW step (PyTorch torch.optim.AdamW semantics, the oracle for the GPU optimizer), with global-norm
// gradient clipping and per-tensor trainable flags. For each trainable tensor, element p with gradient g:
//   g  = g * clipScale                       clipScale = min(1, maxGradNorm / (norm + 1e-6)), norm over trainable grads
//   p  = p - lr * weightDecay * p            only if the tensor's layout spec has decay = true
//   m  = beta1 * m + (1 - beta1) * g
//   v  = beta2 * v + (1 - beta2) * g²
//   p  = p - (lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)      t = step count after this step
// lr = learningRateAt(t - 1, options). Frozen tensors keep their values and their moments.
import type { ParameterLayout } from '../model/layout';
import type { OptimizerOptions } from '../model/schedule';
import { learningRateAt } from '../model/schedule';

export interface AdamWState {
  /** [P] first moments, same layout as the parameters. */
  m: Float64Array;
  /** [P] second moments. */
  v: Float64Array;
  /** Steps taken so far (0 before the first update). */
  step: number;
}

/** Which tensors the optimizer updates; absent means all. */
export type TrainableFn = (tensorName: string) => boolean;

export interface AdamWStepReport {
  /** Learning rate used by this step. */
  lr: number;
  /** Global L2 norm of the trainable gradients before clipping. */
  gradNorm: number;
  /** Factor the gradients were multiplied by (1 when not clipped). */
  clipScale: number;
}

export function createAdamWState(size: number): AdamWState {
  return { m: new Float64Array(size), v: new Float64Array(size), step: 0 };
}

/** L2 norm over the trainable tensors' gradients. */
export function globalGradNorm(layout: ParameterLayout, grads: Float64Array, trainable: TrainableFn = () => true): number {
  let ss = 0;
  for (const t of layout.tensors) {
    if (!trainable(t.name)) continue;
    for (let i = t.offset; i < t.offset + t.size; i++) ss += grads[i] * grads[i];
  }
  return Math.sqrt(ss);
}

/** min(1, maxNorm / (norm + 1e-6)) when maxNorm > 0, else 1. */
export function clipScaleFor(norm: number, maxNorm: number): number {
  return maxNorm > 0 ? Math.min(1, maxNorm / (norm + 1e-6)) : 1;
}

/** Updates params and state in place; grads are read, not modified. */
export function adamwStep(
  layout: ParameterLayout, params: Float64Array, grads: Float64Array, state: AdamWState,
  options: OptimizerOptions, trainable: TrainableFn = () => true,
): AdamWStepReport {
  const P = layout.totalSize;
  if (params.length !== P || grads.length !== P || state.m.length !== P || state.v.length !== P) {
    throw new Error(`adamw: sizes params ${params.length}, grads ${grads.length}, m ${state.m.length}, v ${state.v.length}, layout ${P}`);
  }
  const { beta1, beta2, eps, weightDecay } = options;
  const lr = learningRateAt(state.step, options);
  const gradNorm = globalGradNorm(layout, grads, trainable);
  const clipScale = clipScaleFor(gradNorm, options.maxGradNorm);
  const t = state.step + 1;
  const stepSize = lr / (1 - Math.pow(beta1, t));
  const sqrtBias2 = Math.sqrt(1 - Math.pow(beta2, t));
  for (const spec of layout.tensors) {
    if (!trainable(spec.name)) continue;
    const decay = spec.decay ? 1 - lr * weightDecay : 1;
    for (let i = spec.offset; i < spec.offset + spec.size; i++) {
      const g = grads[i] * clipScale;
      const m = (state.m[i] = beta1 * state.m[i] + (1 - beta1) * g);
      const v = (state.v[i] = beta2 * state.v[i] + (1 - beta2) * g * g);
      params[i] = params[i] * decay - (stepSize * m) / (Math.sqrt(v) / sqrtBias2 + eps);
    }
  }
  state.step = t;
  return { lr, gradNorm, clipScale };
}
