// The runs table's content: one row per run with its key metrics, and the configuration fields on which the runs
// differ (by their share-link keys, e.g. "lr"), so runs of many experiments can be told apart and sorted.
import { fieldsFor, formatValue, getPath, type Field, type FieldValue } from '../../experiment';
import { methodOf } from '../../methods/registry';
import type { Run } from '../../state/runsStore';

export interface RunRow {
  run: Run;
  experiment: string;
  method: string;
  status: string;
  step: number;
  totalSteps: number;
  /** The latest next-token loss; null before the first step. */
  loss: number | null;
  /** Exact match at the latest evaluation; null before the first. */
  testAccuracy: number | null;
  tokensPerSec: number | null;
  /** Seconds of training. */
  wallSec: number | null;
  /** The value of each differing field, as a link writes it ('—' where the field does not apply to the run). */
  values: Record<string, string>;
}

/** Fields every row shows in columns of their own (the method, the name) or that say the same as another. */
const SHOWN_ELSEWHERE = new Set(['runs', 'name']);

/** A field's value for a run as a link writes it; '—' where the field does not apply (another task, a hidden knob). */
function valueText(f: Field, run: Run): string {
  const applies = fieldsFor(run.experiment.task.name).some((g) => g.path === f.path) && (!f.visibleWhen || f.visibleWhen(run.experiment));
  return applies ? formatValue(f, getPath(run.experiment, f.path) as FieldValue) : '—';
}

/** The fields (of every run's task, in table order) on which at least two runs differ. */
export function differingFields(runs: readonly Run[]): Field[] {
  const seen = new Map<string, Field>();
  for (const r of runs) for (const f of fieldsFor(r.experiment.task.name)) if (!seen.has(f.path) && !SHOWN_ELSEWHERE.has(f.path)) seen.set(f.path, f);
  return [...seen.values()].filter((f) => new Set(runs.map((r) => valueText(f, r))).size > 1);
}

export function runRows(runs: readonly Run[], fields: readonly Field[]): RunRow[] {
  return runs.map((run) => {
    const last = run.steps[run.steps.length - 1];
    const lastEval = run.evals[run.evals.length - 1];
    const wallMs = run.summary?.wallMs ?? last?.elapsedMs;
    const tokens = run.summary && run.summary.wallMs > 0 ? run.summary.tokens / (run.summary.wallMs / 1000) : last?.tokensPerSec;
    return {
      run,
      experiment: run.experiment.name,
      method: methodOf(run.method).label,
      status: run.status,
      step: run.progress?.step ?? last?.step ?? 0,
      totalSteps: run.experiment.steps,
      loss: last?.ntpLoss ?? null,
      testAccuracy: lastEval?.testAccuracy ?? null,
      tokensPerSec: tokens ?? null,
      wallSec: wallMs === undefined ? null : wallMs / 1000,
      values: Object.fromEntries(fields.map((f) => [f.key, valueText(f, run)])),
    };
  });
}

/** A column to sort by: a metric of the row, or a differing field's key. */
export type SortKey = 'label' | 'experiment' | 'method' | 'status' | 'step' | 'loss' | 'testAccuracy' | 'tokensPerSec' | 'wallSec' | `field:${string}`;

function sortValue(row: RunRow, key: SortKey): string | number | null {
  if (key === 'label') return row.run.label;
  if (key.startsWith('field:')) {
    const text = row.values[key.slice('field:'.length)];
    if (text === undefined || text === '—') return null;
    const n = Number(text);
    return text !== '' && Number.isFinite(n) ? n : text;
  }
  return row[key as Exclude<SortKey, 'label' | `field:${string}`>];
}

/** Rows sorted by one column; missing values last either way, ties in display order. */
export function sortRows(rows: readonly RunRow[], key: SortKey, descending: boolean): RunRow[] {
  const order = rows.map((r, i) => ({ r, i, v: sortValue(r, key) }));
  order.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.i - b.i : a.v === null ? 1 : -1;
    const c = typeof a.v === 'number' && typeof b.v === 'number' ? a.v - b.v : String(a.v).localeCompare(String(b.v), 'en', { numeric: true });
    return c === 0 ? a.i - b.i : descending ? -c : c;
  });
  return order.map((o) => o.r);
}
