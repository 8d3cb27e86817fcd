// 2D MuToR for an autoregressive image model over an h×w token grid (MUTOR.md "2D registers").
//
// Sequence: prefix (Q tokens: BOS, class, ...; kind prompt) then the grid in raster order (kind answer),
//   grid raster k = cell (k div w, k mod w). N = Q + h·w regular tokens.
// Offset: per sequence (dh, dw) ∈ {1..D}² minus (1,1), raster offset d = (dh-1)·w + dw-1 >= 1.
// Slots: one before every grid token, i.e. after regular token t = Q-1 .. N-2. The slot after grid cell (r, c) has
//   source cell (r, c); the slot after the last prefix token has the virtual source cell (0, -1), the place raster
//   order puts just before (0, 0).
// The register after (r, c) predicts cell (r+dh-1, c+dw-1), nothing when that is outside the grid (no wrapping to
//   the next row). When the target exists it is regular token t + d, exactly as in 1D.
// Positions, P = 2 as [row, col]: grid cell (r, c) -> [r, c]; every prefix token -> [0, 0] (ids stay non-negative;
//   the prefix is bidirectional, so it needs no internal order). A register takes the 1D rule's position t+d-1,
//   i.e. the [row, col] of the token just before its target in raster order; without a target, the last cell's
//   [h-1, w-1] (its loss weight is 0).
// Targets, loss groups, kinds and mask as in 1D: the last prefix token predicts cell (0, 0); the last cell has no
//   target. One shared register row (id vocabSize). Placement: any PlacementSpec over the h·w slots.
import { TokenKind, type TokenKindValue } from '../../model/batch';
import { emptyHeads, positionOf as sequencePosition, setTarget, type PromptAnswer, type SequenceLayout } from '../../mutor/sequence';
import type { Rng } from '../../util/random';
import { chooseSlots, type PlacementSpec } from '../mutor/placement';

export interface GridSpec {
  h: number;
  w: number;
  /** Largest per-axis offset: (dh, dw) ∈ {1..D}² minus (1,1). */
  D: number;
}

export interface GridLayout extends SequenceLayout {
  dh: number;
  dw: number;
}

export interface GridOptions {
  /** Default: a register in every slot. */
  placement?: PlacementSpec;
  /** Default: drawn from rng. */
  offset?: [dh: number, dw: number];
}

/** (dh, dw) uniform over the D² - 1 pairs of {1..D}² other than (1,1). */
export function drawOffset2D(D: number, rng: Rng): [dh: number, dw: number] {
  return offsetOfIndex(1 + rng.int(D * D - 1), D);
}

/** The number k of the pair (dh, dw): the inverse of offsetOfIndex; throws on a pair outside {1..D}² minus (1,1). */
export function offsetIndex(dh: number, dw: number, D: number): number {
  const inRange = (v: number) => Number.isInteger(v) && v >= 1 && v <= D;
  if (!inRange(dh) || !inRange(dw) || (dh === 1 && dw === 1)) throw new Error(`grid layout: offset (${dh}, ${dw}) is not in {1..${D}}² minus (1,1)`);
  return (dh - 1) * D + dw - 1;
}

/** The pair numbered k = (dh-1)·D + (dw-1) in 1..D²-1 (k = 0 would be (1,1)): offsets as one number. */
export function offsetOfIndex(k: number, D: number): [dh: number, dw: number] {
  if (!(Number.isInteger(k) && k >= 1 && k < D * D)) throw new Error(`grid layout: offset number ${k} is not in 1..${D * D - 1}`);
  return [Math.floor(k / D) + 1, (k % D) + 1];
}

/** Lays out one image example: `example.answer` is the h·w grid in raster order (no EOS). */
/** `rng` draws the offset when options.offset is absent, and a 'fraction' placement. */
export function layoutGrid2D(example: PromptAnswer, grid: GridSpec, vocabSize: number, rng: Rng | undefined, options: GridOptions = {}): GridLayout {
  const { h, w, D } = grid;
  const Q = example.prompt.length, cells = h * w, N = Q + cells;
  if (!(Number.isInteger(D) && D >= 2)) throw new Error(`grid layout: D must be an integer >= 2, got ${D}`);
  if (Q < 1) throw new Error('grid layout: the prefix needs at least one token');
  if (example.answer.length !== cells) throw new Error(`grid layout: ${example.answer.length} grid tokens for a ${h}×${w} grid`);
  if (!options.offset && !rng) throw new Error('grid layout: an offset or an rng to draw it from is needed');
  const [dh, dw] = options.offset ?? drawOffset2D(D, rng!);
  offsetIndex(dh, dw, D);
  const d = (dh - 1) * w + dw - 1;
  const regular = [...example.prompt, ...example.answer];
  const positionOf = (t: number) => sequencePosition(t, Q, grid);
  /** Regular index of the target of the register after regular token t, or -1 outside the grid. */
  const targetOf = (t: number) => {
    const s = t - Q; // source raster index; -1 = the virtual cell (0, -1)
    const r = s < 0 ? 0 : Math.floor(s / w), c = s < 0 ? -1 : s % w;
    const tr = r + dh - 1, tc = c + dw - 1;
    return tr < h && tc >= 0 && tc < w ? Q + tr * w + tc : -1;
  };
  const placed = chooseSlots(cells, options.placement ?? { placement: 'all', placementK: 1, placementFraction: 1 }, rng);

  const inputIds: number[] = [], kinds: TokenKindValue[] = [], positions: number[][] = [];
  const push = (id: number, kind: TokenKindValue, position: number[]) => {
    inputIds.push(id);
    kinds.push(kind);
    positions.push(position);
    return inputIds.length - 1;
  };
  const regularAt: number[] = [];
  const registerSources: [index: number, source: number, target: number][] = [];
  for (let t = 0; t < N; t++) {
    regularAt.push(push(regular[t], t < Q ? TokenKind.prompt : TokenKind.answer, positionOf(t)));
    if (t >= Q - 1 && t < N - 1 && placed[t - (Q - 1)]) {
      const target = targetOf(t);
      registerSources.push([push(vocabSize, TokenKind.register, target < 0 ? [h - 1, w - 1] : positionOf(target - 1)), t, target]);
    }
  }

  const heads = emptyHeads(1, inputIds.length);
  for (let t = Q - 1; t + 1 < N; t++) setTarget(heads[0], regularAt[t], regular[t + 1], 0);
  const registers = registerSources.map(([index, t, target]) => {
    setTarget(heads[0], index, target < 0 ? -1 : regular[target], 1);
    return { index, offset: d, source: regularAt[t], target: target < 0 ? -1 : regularAt[target] };
  });
  return { inputIds, kinds, positions, heads, registers, promptLen: regularAt[Q - 1] + 1, d, dh, dw };
}
