// The training method and its knobs (MUTOR.md): plain next-token prediction, MuToR registers, or the
// Multi-Token heads baseline (Gloeckle et al.). One record drives layout, batch building and model shape.
//
//   L = Σ_g coef[g] · mean_g    with   coef = [1]             ntp (or heads with a single head)
//                                      coef = [1 - a, a]      mutor: group 0 = CE_ntp, group 1 = CE_reg
//                                      coef = [1 - a, a]      multiTokenHeads: group 0 = head 0 (next token),
//                                                             group 1 = every extra head pooled (one mean)
import type { Rng } from '../util/random';

export type MethodKind = 'ntp' | 'mutor' | 'multiTokenHeads';
/** Every method, in display order. */
export const METHOD_KINDS: readonly MethodKind[] = ['ntp', 'mutor', 'multiTokenHeads'];
/** Where registers go: before every answer token, every k-th slot, or a seeded random fraction of slots. */
export type Placement = 'all' | 'everyK' | 'fraction';

export interface MethodConfig {
  kind: MethodKind;
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
}

/** Paper defaults (math SFT): d_max 4, a 0.3, registers before every answer token, one shared embedding. */
export function methodConfig(kind: MethodKind, overrides: Partial<Omit<MethodConfig, 'kind'>> = {}): MethodConfig {
  const m: MethodConfig = {
    kind,
    dMax: 4,
    dMin: 1,
    alpha: 0.3,
    placement: 'all',
    placementK: 2,
    placementFraction: 80 / 256, // the paper's 2D subset: 80 registers for 256 image tokens
    registersInPrompt: false,
    perOffsetEmbeddings: false,
    ...overrides,
  };
  validateMethodConfig(m);
  return m;
}

/** Throws a readable error on knobs no layout can honour. */
export function validateMethodConfig(m: MethodConfig): void {
  const int = (name: keyof MethodConfig, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`method: ${name} must be an integer >= ${min}, got ${v}`);
  };
  int('dMax', m.dMax, 1);
  int('dMin', m.dMin, 1);
  int('placementK', m.placementK, 1);
  if (m.dMin > m.dMax) throw new Error(`method: dMin ${m.dMin} exceeds dMax ${m.dMax}`);
  if (!(m.alpha >= 0 && m.alpha <= 1)) throw new Error(`method: alpha must be in [0, 1], got ${m.alpha}`);
  if (!(m.placementFraction > 0 && m.placementFraction <= 1)) {
    throw new Error(`method: placementFraction must be in (0, 1], got ${m.placementFraction}`);
  }
}

/** Output heads H: dMax for multiTokenHeads (head h predicts h+1 tokens ahead), 1 otherwise. */
export function headCount(m: MethodConfig): number {
  return m.kind === 'multiTokenHeads' ? m.dMax : 1;
}

/** Coefficients of the loss groups' means (see the table at the top of this file). */
export function groupCoefficients(m: MethodConfig): number[] {
  const auxiliary = m.kind === 'mutor' || (m.kind === 'multiTokenHeads' && m.dMax > 1);
  return auxiliary ? [1 - m.alpha, m.alpha] : [1];
}

/** The per-sequence offset d ~ Uniform{dMin..dMax}. */
export function drawOffset(m: MethodConfig, rng: Rng): number {
  return m.dMin + rng.int(m.dMax - m.dMin + 1);
}
