// MuToR-2D's accuracy by offset pair as the heat grid draws it: rows d_h, columns d_w, each cell the evaluation's
// horizonAccuracy[(d_h - 1)·D + d_w - 1] ((1, 1): the next token), and the color scale's range over the registers' pairs.

export interface PairCell {
  dh: number;
  dw: number;
  /** The method's offset number k = (d_h - 1)·D + d_w - 1 (0: the next token). */
  k: number;
  accuracy: number | null;
}

/** D rows of D cells from one evaluation's horizonAccuracy; a value not measured (or not finite) is null. */
export function pairGrid(horizonAccuracy: readonly (number | null)[], D: number): PairCell[][] {
  return Array.from({ length: D }, (_, r) =>
    Array.from({ length: D }, (_, c) => {
      const k = r * D + c, v = horizonAccuracy[k];
      return { dh: r + 1, dw: c + 1, k, accuracy: v !== null && v !== undefined && Number.isFinite(v) ? v : null };
    }),
  );
}

/**
 * The color scale's ends: the registers' lowest and highest accuracy over the pairs other than (1, 1) (the next token,
 * far above them, would wash them out), so that their differences show early in training, when they are a few points
 * apart; at least one point wide. Null when no register pair has a value.
 */
export function pairScale(grid: readonly PairCell[][]): { low: number; high: number } | null {
  const values = grid.flat().flatMap((c) => (c.accuracy === null || c.k === 0 ? [] : [c.accuracy]));
  if (values.length === 0) return null;
  const low = Math.min(...values), high = Math.max(...values);
  if (high - low >= 0.01) return { low, high };
  const from = Math.min(0.99, Math.max(0, (low + high) / 2 - 0.005));
  return { low: from, high: from + 0.01 };
}
