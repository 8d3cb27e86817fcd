// The method knobs an experiment carries once for all its runs: each method reads the ones it lists in its module
// (`TrainingMethod.knobs`), and the experiment schema shows a knob's field only when a run's method reads it.

/** Where registers go: before every answer token, every k-th slot, or a seeded random fraction of slots. */
export type Placement = 'all' | 'everyK' | 'fraction';

export interface MethodKnobs {
  /** Largest offset d (mutor), or the number of output heads (multiTokenHeads: 1 + (dMax - 1) extra). */
  dMax: number;
  /** Smallest offset drawn per sequence: 1, or 2 for the star-graph variant. */
  dMin: number;
  /** Loss weight a of the register (or extra-head) group. */
  alpha: number;
  placement: Placement;
  /** placement 'everyK': slots 0, k, 2k, ... get a register. */
  placementK: number;
  /** placement 'fraction': round(fraction · slots) slots, drawn without replacement. */
  placementFraction: number;
  /** Also put registers after prompt tokens p0..p(Q-2) (they then predict prompt tokens too). */
  registersInPrompt: boolean;
  /** One register embedding row per offset (row d-1) instead of one shared row (row 0). */
  perOffsetEmbeddings: boolean;
  /** D: DeepSeek-V3's sequential MTP modules (module k predicts the token k + 1 ahead). */
  mtpDepth: number;
  /** λ: L = (1 - λ) · CE_ntp + λ / D · Σ_k CE_k (DeepSeek-V3 MTP). */
  mtpWeight: number;
}

/** Most MTP modules: one loss group each beside next-token prediction's fills the engine's 4 loss-group slots. */
export const MAX_MTP_DEPTH = 3;

export type MethodKnobName = keyof MethodKnobs;

/** Paper defaults (math SFT): d_max 4, a 0.3, registers before every answer token, one shared embedding. */
export const defaultMethodKnobs: Readonly<MethodKnobs> = Object.freeze({
  dMax: 4,
  dMin: 1,
  alpha: 0.3,
  placement: 'all',
  placementK: 2,
  placementFraction: 80 / 256, // the paper's 2D subset: 80 registers for 256 image tokens
  registersInPrompt: false,
  perOffsetEmbeddings: false,
  mtpDepth: 1, // DeepSeek-V3's own D
  mtpWeight: 0.3, // DeepSeek-V3's λ for its first 10T tokens, and MuToR's a
});

/** Throws a readable error on knobs no layout can honour. */
export function validateMethodKnobs(m: MethodKnobs): void {
  const int = (name: MethodKnobName, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`method: ${name} must be an integer >= ${min}, got ${v}`);
  };
  int('dMax', m.dMax, 1);
  int('dMin', m.dMin, 1);
  int('placementK', m.placementK, 1);
  if (m.dMin > m.dMax) throw new Error(`method: dMin ${m.dMin} exceeds dMax ${m.dMax}`);
  int('mtpDepth', m.mtpDepth, 1);
  if (m.mtpDepth > MAX_MTP_DEPTH) throw new Error(`method: mtpDepth must be at most ${MAX_MTP_DEPTH} (MTP modules), got ${m.mtpDepth}`);
  if (!(m.mtpWeight >= 0 && m.mtpWeight <= 1)) throw new Error(`method: mtpWeight must be in [0, 1], got ${m.mtpWeight}`);
  if (!(m.alpha >= 0 && m.alpha <= 1)) throw new Error(`method: alpha must be in [0, 1], got ${m.alpha}`);
  if (!(m.placementFraction > 0 && m.placementFraction <= 1)) {
    throw new Error(`method: placementFraction must be in (0, 1], got ${m.placementFraction}`);
  }
}

