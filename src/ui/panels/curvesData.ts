// The training charts' tables from the runs: next-token loss and auxiliary loss per step point, test accuracy and the
// decision node's accuracy per evaluation. Runs without an auxiliary loss (NTP) are left out of that chart, runs of
// tasks without a planning decision out of the decision chart.
import type { Run } from '../../state/runsStore';
import type { AnswerDiagnostics, EvalPoint } from '../../train/metrics';
import { emaSmooth, joinSeries } from '../charts/chartData';
import { dashFor, methodOrdinals } from '../charts/colors';
import type { ChartSeries } from '../charts/UPlotChart';

export interface CurveTable {
  series: ChartSeries[];
  data: [number[], ...(number | null)[][]];
}

export interface CurveTables {
  ntp: CurveTable;
  aux: CurveTable;
  accuracy: CurveTable;
  /** Greedy accuracy of the decision token (answerDiagnostics.generatedDecision). */
  decision: CurveTable;
}

export interface CurveOptions {
  log: boolean;
  smoothing: number;
  /** Runs the legend hid: left out of every chart (the others keep their dashes). */
  hidden?: ReadonlySet<string>;
}

export function curveTables(all: readonly Run[], { log, smoothing, hidden }: CurveOptions): CurveTables {
  const ordinals = methodOrdinals(all.map((r) => r.method));
  const seriesOf = (r: Run): ChartSeries => ({ label: r.label, color: r.color, dash: dashFor(ordinals[all.indexOf(r)]) });
  const runs = hidden ? all.filter((r) => !hidden.has(r.id)) : all;
  const loss = (rs: readonly Run[], pick: (p: Run['steps'][number]) => number | null): CurveTable => ({
    series: rs.map(seriesOf),
    data: joinSeries(
      rs.map((r) => ({ xs: r.steps.map((p) => p.step), ys: emaSmooth(r.steps.map(pick), smoothing) })),
      { positiveOnly: log },
    ),
  });
  const withAux = runs.filter((r) => r.steps.some((p) => p.auxLoss !== null));
  const evalCurves = (rs: readonly Run[], pick: (e: EvalPoint) => number | null): CurveTable => ({
    series: rs.map(seriesOf),
    data: joinSeries(rs.map((r) => ({ xs: r.evals.map((e) => e.step), ys: r.evals.map(pick) }))),
  });
  return {
    ntp: loss(runs, (p) => p.ntpLoss),
    aux: loss(withAux, (p) => p.auxLoss),
    accuracy: evalCurves(runs, (e) => e.testAccuracy),
    decision: evalCurves(runs.filter((r) => r.evals.some((e) => e.answerDiagnostics)), (e) => e.answerDiagnostics?.generatedDecision ?? null),
  };
}

/** One run's latest Clever Hans diagnostics (the table beside the charts). */
export interface CleverHansRow {
  run: Run;
  step: number;
  exactMatch: number;
  nextTokenAccuracy: number;
  diagnostics: AnswerDiagnostics;
}

/** The runs whose last evaluation has diagnostics, in order. */
export function cleverHansRows(runs: readonly Run[]): CleverHansRow[] {
  return runs.flatMap((run) => {
    const last = run.evals[run.evals.length - 1];
    if (!last?.answerDiagnostics) return [];
    return [{ run, step: last.step, exactMatch: last.testAccuracy, nextTokenAccuracy: last.nextTokenAccuracy, diagnostics: last.answerDiagnostics }];
  });
}
