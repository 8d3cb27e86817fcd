// Where the cells of an n×n heatmap go inside a square canvas of a given width: a kind strip along each axis, token
// labels when cells are big enough to hold 12px text, and a hit test from pointer coordinates back to (row, col).

export interface HeatmapGeometry {
  n: number;
  /** Cell size in CSS pixels (fractional; edges are rounded when drawn). */
  cell: number;
  /** Width of the kind strip along each axis. */
  strip: number;
  /** Width of the label band (0 when labels do not fit). */
  labelBand: number;
  /** Offset of the first cell from the left and top edges. */
  origin: number;
  /** Total canvas size (square). */
  size: number;
}

export const STRIP = 7;
const GAP = 2;
/** Labels are drawn at 12px and need cells at least this big. */
export const LABEL_MIN_CELL = 13;
const LABEL_BAND = 16;
/** Cells never grow past this (short sequences stay compact). */
const MAX_CELL = 24;

export function heatmapGeometry(width: number, n: number): HeatmapGeometry {
  const avail = Math.max(0, width - STRIP - GAP);
  const safeN = Math.max(1, n);
  let labelBand = 0;
  let cell = Math.min(MAX_CELL, avail / safeN);
  const withLabels = Math.min(MAX_CELL, (avail - LABEL_BAND) / safeN);
  if (withLabels >= LABEL_MIN_CELL) {
    labelBand = LABEL_BAND;
    cell = withLabels;
  }
  const origin = labelBand + STRIP + GAP;
  return { n, cell, strip: STRIP, labelBand, origin, size: origin + cell * safeN };
}

/** The pixel edge before cell i (rounded, so neighbouring cells share edges with no gaps). */
export function cellEdge(g: HeatmapGeometry, i: number): number {
  return g.origin + Math.round(i * g.cell);
}

/** (row, col) under a point in CSS pixels relative to the canvas, or null outside the cells. */
export function hitCell(g: HeatmapGeometry, x: number, y: number): { row: number; col: number } | null {
  const col = Math.floor((x - g.origin) / g.cell);
  const row = Math.floor((y - g.origin) / g.cell);
  if (col < 0 || row < 0 || col >= g.n || row >= g.n) return null;
  return { row, col };
}

/** A token as at most two characters for an axis label: '⟨bos⟩' -> 'B', '⟨eos⟩' -> 'E', '⟨r57⟩' -> 'r', 'ab' -> 'ab'. */
export function shortTokenLabel(text: string): string {
  const special = /^⟨(.)[^⟩]*⟩$/u.exec(text);
  if (special) return special[1] === 'p' ? '·' : special[1] === 'r' ? 'r' : special[1].toUpperCase();
  return [...text].slice(0, 2).join('');
}
