// The three training charts' tables from the runs: next-token loss and auxiliary loss per step point, test accuracy
// per evaluation. Runs without an auxiliary loss (NTP) are left out of that chart.
import type { Run } from '../../state/runsStore';
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
}

export function curveTables(runs: readonly Run[], { log, smoothing }: { log: boolean; smoothing: number }): CurveTables {
  const ordinals = methodOrdinals(runs.map((r) => r.method));
  const seriesOf = (r: Run): ChartSeries => ({ label: r.label, color: r.color, dash: dashFor(ordinals[runs.indexOf(r)]) });
  const loss = (rs: readonly Run[], pick: (p: Run['steps'][number]) => number | null): CurveTable => ({
    series: rs.map(seriesOf),
    data: joinSeries(
      rs.map((r) => ({ xs: r.steps.map((p) => p.step), ys: emaSmooth(r.steps.map(pick), smoothing) })),
      { positiveOnly: log },
    ),
  });
  const withAux = runs.filter((r) => r.steps.some((p) => p.auxLoss !== null));
  return {
    ntp: loss(runs, (p) => p.ntpLoss),
    aux: loss(withAux, (p) => p.auxLoss),
    accuracy: {
      series: runs.map(seriesOf),
      data: joinSeries(runs.map((r) => ({ xs: r.evals.map((e) => e.step), ys: r.evals.map((e) => e.testAccuracy) }))),
    },
  };
}
