// Small formatters shared by the panels: numbers, percentages, durations, rates.
import type { PreparationCounts } from '../gpu/preparation';

/** 3 significant digits for losses ("2.31", "0.0412"), "—" for a missing value. */
export function formatLoss(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 100) return v.toFixed(0);
  if (abs < 1e-3) return v.toExponential(1);
  return v.toPrecision(3);
}

/** A fraction in [0, 1] as a percentage: "42%", "42.5%" with digits > 0. */
export function formatPercent(v: number | null | undefined, digits = 0): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(v * 100).toFixed(digits)}%`;
}

/** Seconds as "45 s", "3 min 05 s", "2 h 10 min"; "—" when unknown. */
export function formatDuration(sec: number | null | undefined): string {
  if (sec === null || sec === undefined || !Number.isFinite(sec) || sec < 0) return '—';
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** A rate with 2-3 significant digits: "0.42", "3.1", "27", "1.2k". */
export function formatRate(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  if (v >= 10_000) return `${(v / 1000).toFixed(0)}k`;
  if (v >= 1000) return `${(v / 1000).toFixed(1)}k`;
  if (v >= 10) return v.toFixed(0);
  if (v >= 1) return v.toFixed(1);
  return v.toFixed(2);
}

/** An integer with thin thousands separators: 12 345. */
export function formatCount(v: number): string {
  return Math.round(v).toLocaleString('en-US').replaceAll(',', '\u2009');
}

/** What the engine Worker is doing before a start's first step: "compiling kernels 12 / 40", and while the autotune
 * times matmul kernels on this GPU (first use of each shape class), ", timing matrix kernels 1 / 3". */
export function formatPreparing(p: PreparationCounts): string {
  const kernels = `compiling kernels ${p.kernels.done} / ${p.kernels.total}`;
  return p.tunings.total > 0 ? `${kernels}, timing matrix kernels ${p.tunings.done} / ${p.tunings.total}` : kernels;
}
