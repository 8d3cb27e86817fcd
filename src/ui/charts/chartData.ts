// Turning runs' histories into uPlot's aligned table: one shared, sorted x column (steps) and one y column per run,
// null where a run has no point at that x. Plus EMA smoothing for noisy losses.

export interface XYSeries {
  xs: readonly number[];
  ys: readonly (number | null)[];
}

/** [x, y1, y2, ...] over the union of all xs (sorted, distinct); values missing or not finite become null. */
export function joinSeries(series: readonly XYSeries[], options: { positiveOnly?: boolean } = {}): [number[], ...(number | null)[][]] {
  const xsAll = new Set<number>();
  for (const s of series) for (const x of s.xs) if (Number.isFinite(x)) xsAll.add(x);
  const xs = [...xsAll].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((s) => {
    const col = new Array<number | null>(xs.length).fill(null);
    s.xs.forEach((x, i) => {
      const y = s.ys[i];
      const j = at.get(x);
      if (j === undefined || y === null || y === undefined || !Number.isFinite(y)) return;
      if (options.positiveOnly && y <= 0) return;
      col[j] = y;
    });
    return col;
  });
  return [xs, ...columns];
}

/**
 * Exponential moving average with TensorBoard's debiasing: weight in [0, 1) (0 = raw). Nulls pass through and do not
 * reset the average.
 */
export function emaSmooth(ys: readonly (number | null)[], weight: number): (number | null)[] {
  if (weight <= 0) return [...ys];
  let last = 0;
  let n = 0;
  return ys.map((y) => {
    if (y === null || !Number.isFinite(y)) return null;
    last = last * weight + (1 - weight) * y;
    n++;
    return last / (1 - Math.pow(weight, n));
  });
}

/** The nearest of 1, 2, 5 × 10^k at or below (or above) v > 0, so log axes start and end on labelled values. */
export function niceLog(v: number, dir: 'up' | 'down'): number {
  const k = Math.floor(Math.log10(v));
  const steps = [1, 2, 5, 10].map((m) => Number((m * 10 ** k).toPrecision(12)));
  const eps = 1e-9;
  return dir === 'down' ? ([...steps].reverse().find((s) => s <= v * (1 + eps)) ?? steps[0]) : (steps.find((s) => s >= v * (1 - eps)) ?? steps[3]);
}

/** Tick values for a log axis over [min, max]: 1, 2, 5 × 10^k inside the range (plus 3 and 4 when that gives < 3). */
export function logSplits(min: number, max: number): number[] {
  if (!(min > 0) || !(max > min)) return [];
  const pick = (mantissas: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(min)); k <= Math.ceil(Math.log10(max)); k++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** k).toPrecision(12));
        if (v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)) out.push(v);
      }
    }
    return out;
  };
  const coarse = pick([1, 2, 5]);
  return coarse.length >= 3 ? coarse : pick([1, 2, 3, 4, 5, 7]);
}
