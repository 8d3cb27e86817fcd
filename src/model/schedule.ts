// Optimizer options and the learning-rate schedule, shared by the WGSL optimizer and the float64 reference
// (this file imports nothing, so the engine can use it without pulling in reference code).

export type LrScheduleKind = 'constant' | 'linear' | 'cosine';

export interface LrSchedule {
  /** Peak learning rate, reached at the end of warmup. */
  lr: number;
  /** Linear warmup length in optimizer steps (0: no warmup). */
  warmupSteps: number;
  /** Length of the run in optimizer steps; decay ends here (steps past it stay at the floor). */
  totalSteps: number;
  schedule: LrScheduleKind;
  /** Floor of the decay as a fraction of lr ('linear' and 'cosine'; ignored by 'constant'). */
  minLrRatio: number;
}

/** AdamW with decoupled weight decay (PyTorch semantics) and global-norm gradient clipping. */
export interface OptimizerOptions extends LrSchedule {
  beta1: number;
  beta2: number;
  eps: number;
  /** Decoupled weight decay, applied as p -= lr * weightDecay * p to tensors whose layout spec has decay = true. */
  weightDecay: number;
  /** Clip the global gradient norm to this value; 0 (or less) disables clipping. */
  maxGradNorm: number;
}

export const defaultOptimizerOptions: OptimizerOptions = {
  lr: 1e-3,
  warmupSteps: 0,
  totalSteps: 1000,
  schedule: 'constant',
  minLrRatio: 0.1,
  beta1: 0.9,
  beta2: 0.999,
  eps: 1e-8,
  weightDecay: 0.01,
  maxGradNorm: 1,
};

/**
 * Learning rate of the optimizer step with 0-based index `step` (the first update is step 0).
 * Warmup: lr * (step + 1) / warmupSteps for step < warmupSteps, rising linearly from 0 so that the last warmup
 * step uses the full lr (the first step is not wasted at lr 0). After warmup, with
 * progress = (step - warmupSteps) / max(1, totalSteps - warmupSteps) clamped to [0, 1]:
 *   constant: lr
 *   linear:   lr * (1 - (1 - minLrRatio) * progress)
 *   cosine:   lr * (minLrRatio + (1 - minLrRatio) * 0.5 * (1 + cos(pi * progress)))
 */
export function learningRateAt(step: number, s: LrSchedule): number {
  if (!Number.isInteger(step) || step < 0) throw new Error(`learningRateAt: step must be a non-negative integer, got ${step}`);
  if (step < s.warmupSteps) return (s.lr * (step + 1)) / s.warmupSteps;
  if (s.schedule === 'constant') return s.lr;
  const span = Math.max(1, s.totalSteps - s.warmupSteps);
  const progress = Math.min(1, Math.max(0, (step - s.warmupSteps) / span));
  let decay: number;
  if (s.schedule === 'linear') decay = 1 - progress;
  else if (s.schedule === 'cosine') decay = 0.5 * (1 + Math.cos(Math.PI * progress));
  else throw new Error(`learningRateAt: unknown schedule ${String(s.schedule)}`);
  return s.lr * (s.minLrRatio + (1 - s.minLrRatio) * decay);
}
