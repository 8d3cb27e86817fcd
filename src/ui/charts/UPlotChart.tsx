import { useEffect, useMemo, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatLoss, formatPercent } from '../format';
import { logSplits, niceLog } from './chartData';
import { resolveColor } from './colors';
import { useElementWidth } from './useElementWidth';

export interface ChartSeries {
  label: string;
  /** CSS color, var(--x) allowed. */
  color: string;
  dash?: number[];
  width?: number;
}

export type ValueFormat = 'loss' | 'percent';

interface UPlotChartProps {
  /** Accessible name and visible title. */
  title: string;
  /** [x, y1, y2, ...] aligned columns (see joinSeries). */
  data: [number[], ...(number | null)[][]];
  series: readonly ChartSeries[];
  format: ValueFormat;
  /** Logarithmic y axis (values must be positive). */
  yLog?: boolean;
  /** Fixed y range, e.g. [0, 1] for accuracies. */
  yRange?: [number, number];
  height?: number;
  /** Charts with one key share the cursor (same step highlighted in each). */
  syncKey?: string;
  xLabel?: string;
  testId?: string;
}

const formatters: Record<ValueFormat, (v: number | null) => string> = { loss: formatLoss, percent: (v) => formatPercent(v) };
/** Axis ticks: short ("2", "0.5", "25%"); blank for the unlabelled minor ticks of a log axis. */
const tickFormatters: Record<ValueFormat, (v: number) => string> = {
  loss: (v) => String(Number(v.toPrecision(2))),
  percent: (v) => `${Math.round(v * 100)}%`,
};

/** A log range hugging the data (uPlot's default snaps to whole decades, wasting most of a small chart). */
const logRange: uPlot.Range.Function = (_u, min, max) => {
  if (min === null || max === null || !(min > 0) || !(max > 0)) return [0.1, 10];
  return [niceLog(min / 1.1, 'down'), niceLog(max * 1.1, 'up')];
};

/** Steps start at 0 on every chart, so runs and charts line up. */
const xRange: uPlot.Range.Function = (_u, _min, max) => [0, max === null || !(max > 0) ? 1 : max];
const AXIS_FONT = '12px system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif';

/**
 * A uPlot line chart that follows its container's width, with a readout of the values under the cursor (one line
 * per series, written straight into the DOM so moving the mouse does not re-render React).
 */
export function UPlotChart({ title, data, series, format, yLog, yRange, height = 190, syncKey, xLabel = 'step', testId }: UPlotChartProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<HTMLDivElement>(null);
  const readoutRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  const width = useElementWidth(boxRef);
  const specKey = JSON.stringify({ series, format, yLog: !!yLog, yRange: yRange ?? null, height, syncKey: syncKey ?? null, xLabel });
  const spec = useMemo(() => JSON.parse(specKey) as { series: ChartSeries[]; format: ValueFormat; yLog: boolean; yRange: [number, number] | null; height: number; syncKey: string | null; xLabel: string }, [specKey]);

  useEffect(() => {
    dataRef.current = data;
    chartRef.current?.setData(data as uPlot.AlignedData);
  }, [data]);


  useEffect(() => {
    const el = plotRef.current;
    if (!el) return;
    const fmt = formatters[spec.format];
    const tick = tickFormatters[spec.format];
    const axis: uPlot.Axis = {
      stroke: '#5d6475',
      font: AXIS_FONT,
      grid: { stroke: '#eceef3', width: 1 },
      ticks: { stroke: '#e3e6ee', width: 1, size: 4 },
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: spec.height,
      legend: { show: false },
      cursor: { sync: spec.syncKey ? { key: spec.syncKey } : undefined, points: { size: 7 }, drag: { x: true, y: false } },
      scales: {
        x: { time: false, range: xRange },
        y: spec.yLog ? { distr: 3, range: logRange } : spec.yRange ? { range: spec.yRange } : {},
      },
      axes: [
        { ...axis, label: spec.xLabel, labelFont: AXIS_FONT, labelSize: 18, size: 32 },
        {
          ...axis,
          size: 44,
          splits: spec.yLog ? (_u, _i, min, max) => logSplits(min, max) : undefined,
          // uPlot's log default keeps only whole decades; our splits are already few and nice.
          filter: spec.yLog ? (_u, splits) => splits : undefined,
          values: (_u, vals) => vals.map((v) => (v === null || v === undefined ? '' : tick(v))),
        },
      ],
      series: [
        { label: spec.xLabel },
        ...spec.series.map((s) => ({
          label: s.label,
          stroke: resolveColor(s.color),
          width: s.width ?? 2,
          dash: s.dash && s.dash.length ? s.dash : undefined,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      hooks: {
        setCursor: [(u) => writeReadout(readoutRef.current, u, spec.series, fmt, spec.xLabel)],
        setData: [(u) => writeReadout(readoutRef.current, u, spec.series, fmt, spec.xLabel)],
        ready: [(u) => writeReadout(readoutRef.current, u, spec.series, fmt, spec.xLabel)],
      },
    };
    const u = new uPlot(opts, dataRef.current as uPlot.AlignedData, el);
    chartRef.current = u;
    return () => {
      u.destroy();
      chartRef.current = null;
    };
  }, [spec]);

  useEffect(() => {
    if (width > 0) chartRef.current?.setSize({ width, height: spec.height });
  }, [width, spec]);

  // How many values the chart draws (finite y values over all series): lets tests and tools see it update.
  const points = data.slice(1).reduce((n, col) => n + (col as (number | null)[]).filter((v) => v !== null && Number.isFinite(v)).length, 0);
  return (
    <figure className="chart" ref={boxRef} data-testid={testId} aria-label={title} data-points={points}>
      <figcaption className="chart-title">{title}</figcaption>
      <div className="chart-readout" ref={readoutRef} aria-hidden />
      <div ref={plotRef} className="chart-plot" />
    </figure>
  );
}

/**
 * "step 120 ● NTP 1.23 ● MuToR 1.11" for the point under the cursor; with the cursor away, each series' latest value
 * ("latest ● NTP 0.41 ...").
 */
function writeReadout(el: HTMLElement | null, u: uPlot, series: readonly ChartSeries[], fmt: (v: number | null) => string, xLabel: string) {
  if (!el) return;
  const idx = u.cursor.idx;
  const hovering = idx !== null && idx !== undefined;
  el.replaceChildren();
  if (u.data[0].length === 0) return;
  const head = document.createElement('span');
  head.className = 'readout-x';
  head.textContent = hovering ? `${xLabel} ${u.data[0][idx]}` : 'latest';
  el.append(head);
  series.forEach((s, i) => {
    const col = u.data[i + 1] ?? [];
    const v = hovering ? col[idx] : lastValue(col);
    const item = document.createElement('span');
    const dot = document.createElement('i');
    dot.className = 'dot';
    dot.style.background = s.color;
    item.append(dot, `${s.label} ${fmt(v ?? null)}`);
    el.append(item);
  });
}

function lastValue(col: ArrayLike<number | null | undefined>): number | null {
  for (let i = col.length - 1; i >= 0; i--) {
    const v = col[i];
    if (v !== null && v !== undefined) return v;
  }
  return null;
}
