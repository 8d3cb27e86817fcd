// One training sequence before padding: what src/mutor/ lays out and what packBatch turns into a Batch.
// All indices are into this sequence (registers included), L = inputIds.length.
import type { TokenKindValue } from '../model/batch';
import type { Example, Grid } from '../tasks/task';

/** [row, col] of every prefix token in a 2D (grid) sequence, at training and at inference. */
export const PREFIX_POSITION_2D: readonly [row: number, col: number] = [0, 0];

/**
 * RoPE position components of regular token t of a sequence with Q prompt tokens: [t] in 1D; with a grid, every
 * prompt token at PREFIX_POSITION_2D (the prefix is bidirectional: it needs no order) and answer token j = t - Q at
 * its cell [j div w, j mod w].
 */
export function positionOf(t: number, Q: number, grid?: Pick<Grid, 'w'>): number[] {
  if (!grid) return [t];
  return t < Q ? [...PREFIX_POSITION_2D] : [Math.floor((t - Q) / grid.w), (t - Q) % grid.w];
}

export interface RegisterInfo {
  /** Where the register sits. */
  index: number;
  /** Its offset d: it predicts the regular token d steps after its source (raster offset in 2D). */
  offset: number;
  /** The regular token it follows (t). */
  source: number;
  /** The regular token it predicts (t + d), or -1 when that is past the end / outside the grid (weight 0). */
  target: number;
}

/** One output head's supervision over the sequence: [L] each. */
export interface HeadTargets {
  /** Target id, -1 for none. */
  targets: number[];
  /** 1 for a counted target, 0 otherwise. */
  weights: number[];
  /** Loss group (0 = next token; 1 = registers, or the pooled extra heads). */
  groups: number[];
}

export interface SequenceLayout {
  /** [L] ids; a register is vocabSize + its embedding row. */
  inputIds: number[];
  /** [L] TokenKind. */
  kinds: TokenKindValue[];
  /** [L][P] RoPE position components: [pos] in 1D, [row, col] in 2D. */
  positions: number[][];
  /** [H] one entry per output head (H = outputHeads(config): 1 unless the method adds heads). */
  heads: HeadTargets[];
  registers: RegisterInfo[];
  /** Tokens up to and including the last prompt token (prompt registers included when there are any). */
  promptLen: number;
  /** The offset this sequence was laid out with; 0 when it has no registers. */
  d: number;
}

/** Heads with no targets at all, for sequences of length L. */
export function emptyHeads(H: number, L: number): HeadTargets[] {
  return Array.from({ length: H }, () => ({
    targets: new Array<number>(L).fill(-1),
    weights: new Array<number>(L).fill(0),
    groups: new Array<number>(L).fill(0),
  }));
}

/** Sets one head's target at sequence index i (target id -1 means "no target": weight 0). */
export function setTarget(head: HeadTargets, i: number, target: number, group: number): void {
  head.targets[i] = target;
  head.weights[i] = target < 0 ? 0 : 1;
  head.groups[i] = group;
}

/** What a layout needs from an example: prompt ids (BOS first), answer ids (EOS last in 1D tasks), an image's grid. */
export type PromptAnswer = Pick<Example, 'prompt' | 'answer' | 'grid'>;
