// Numerical faults of a training run, judged at every metrics read (TrainingRun.trainStep), with the likely cause:
//   non-finite  the GPU flags the first step whose loss or gradient norm was NaN or ±Inf (gradClip in
//               src/kernels/adamw.ts), so the step is exact even when metrics are read every 20 steps. At step 1 the
//               loss comes before any update: the base model's weights are to blame. Later: the learning rate.
//   divergence  the loss above DIVERGENCE_LOSS_FACTOR × its first read-back value, or the gradient norm (before
//               clipping) above DIVERGENCE_NORM_FACTOR × its first read-back value (at least 0.1): a step too large
//               for the loss surface, i.e. the learning rate. A healthy fine-tune or scratch run stays far below both.
import type { StepMetrics } from '../engine/trainingEngine';

export const DIVERGENCE_LOSS_FACTOR = 3;
export const DIVERGENCE_NORM_FACTOR = 1000;

/** What divergence is judged against: the first read-back loss and gradient norm (null before the first read). */
export type NumericsReference = { loss: number; gradNorm: number } | null;

/** A numerical fault of a training run (its message names the step and the likely cause). */
export class NumericsFault extends Error {
  override name = 'NumericsFault';
}

export class NumericsGuard {
  /**
   * `clipNorm`: the run's gradient clip (0: off), named in the advice. `first`: a resumed run's reference (a
   * checkpoint carries it, so a resumed run judges divergence against the loss it started from).
   */
  constructor(
    private readonly clipNorm: number,
    private first: NumericsReference = null,
  ) {}

  get reference(): NumericsReference {
    return this.first && { ...this.first };
  }

  /** Null while the run is healthy; else one line: what happened, at which step, and the likely cause. */
  check(m: StepMetrics): string | null {
    const lr = `lower the learning rate (lr ${m.lr.toPrecision(3)})${this.clipNorm === 0 ? ' or turn gradient clipping (clip) on' : ''}`;
    if (m.firstNonFiniteStep !== null) {
      const at = m.firstNonFiniteStep + 1;
      return at === 1
        ? "the loss or gradient norm was NaN or infinite at step 1, before any update: the base model's weights produce non-finite values"
        : `the loss or gradient norm became NaN or infinite at step ${at}: ${lr}`;
    }
    const loss = m.loss.total, norm = m.gradNorm, step = m.step + 1;
    if (!this.first) {
      this.first = { loss, gradNorm: norm };
      return null;
    }
    if (loss > DIVERGENCE_LOSS_FACTOR * this.first.loss) {
      return `the loss diverged: ${loss.toPrecision(4)} at step ${step}, over ${DIVERGENCE_LOSS_FACTOR}× its first value ${this.first.loss.toPrecision(4)}: ${lr}`;
    }
    if (norm > DIVERGENCE_NORM_FACTOR * Math.max(this.first.gradNorm, 0.1)) {
      return `the gradient norm exploded: ${norm.toPrecision(3)} at step ${step}, over ${DIVERGENCE_NORM_FACTOR}× its first value ${this.first.gradNorm.toPrecision(3)}: ${lr}`;
    }
    return null;
  }
}
