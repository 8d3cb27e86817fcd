import { useMemo, useState } from 'react';
import { useCompareStore } from '../../state/compareStore';
import { useOrderedRuns, useRunsStore } from '../../state/runsStore';
import { formatCount, formatDuration, formatLoss, formatPercent, formatRate } from '../format';
import { Panel } from './Panel';
import { differingFields, runRows, sortRows, type RunRow, type SortKey } from './runsTableData';

interface Column {
  key: SortKey;
  title: string;
  /** The header's tooltip. */
  about: string;
  cell(row: RunRow): string;
  numeric?: boolean;
}

const METRICS: readonly Column[] = [
  { key: 'experiment', title: 'Experiment', about: 'The name of the experiment the run was started from', cell: (r) => r.experiment },
  { key: 'method', title: 'Method', about: 'The training method', cell: (r) => r.method },
  { key: 'status', title: 'Status', about: 'Where the run stands', cell: (r) => r.status },
  { key: 'step', title: 'Step', about: 'Steps done of the run\'s total', cell: (r) => `${formatCount(r.step)} / ${formatCount(r.totalSteps)}`, numeric: true },
  { key: 'loss', title: 'Loss', about: 'Next-token loss at the latest step', cell: (r) => formatLoss(r.loss), numeric: true },
  { key: 'testAccuracy', title: 'Test acc', about: 'Exact match on held-out prompts at the latest evaluation', cell: (r) => formatPercent(r.testAccuracy), numeric: true },
  { key: 'tokensPerSec', title: 'tokens/s', about: 'Training tokens per second (over the whole run once it is over)', cell: (r) => formatRate(r.tokensPerSec), numeric: true },
  { key: 'wallSec', title: 'Time', about: 'Time spent training', cell: (r) => formatDuration(r.wallSec), numeric: true },
];

/**
 * Every run on the page (live and saved) in one sortable table: key metrics, and the settings on which the runs differ
 * (named by their share-link keys). Two runs ticked under "Overlay" are the only ones the curves and generations draw.
 */
export function RunsTable() {
  const runs = useOrderedRuns();
  const select = useRunsStore((s) => s.select);
  const selectedId = useRunsStore((s) => s.selection.runId);
  const { picked, toggle, clear } = useCompareStore();
  // Unsorted: the order the runs were added, as the cards show them.
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean } | null>(null);
  const fields = useMemo(() => differingFields(runs), [runs]);
  const rows = useMemo(() => {
    const all = runRows(runs, fields);
    return sort ? sortRows(all, sort.key, sort.descending) : all;
  }, [runs, fields, sort]);
  if (runs.length < 2) return null;
  const columns: Column[] = [
    ...METRICS,
    ...fields.map((f): Column => ({ key: `field:${f.key}`, title: f.key, about: `${f.label} (a setting on which these runs differ)`, cell: (r) => r.values[f.key], numeric: f.type === 'int' || f.type === 'float' })),
  ];
  const overlaid = picked.filter((id) => runs.some((r) => r.id === id));
  const header = (key: SortKey, title: string, about: string) => {
    const descending = sort?.key === key ? sort.descending : null;
    return (
      <th scope="col" key={key} aria-sort={descending === null ? 'none' : descending ? 'descending' : 'ascending'} title={about}>
        <button type="button" className="sort-button" onClick={() => setSort({ key, descending: descending === false })}>
          {title}
          <span aria-hidden>{descending === null ? '' : descending ? ' ▾' : ' ▴'}</span>
        </button>
      </th>
    );
  };
  return (
    <Panel
      id="runs-table"
      title="Compare runs"
      testId="runs-table"
      className="panel-wide"
      explain="Every run in one table, with the settings on which they differ. Click a column to sort; tick two runs to overlay just those in the curves and generations."
      actions={
        overlaid.length > 0 && (
          <button type="button" className="small" onClick={clear} data-testid="overlay-clear">
            Show all runs
          </button>
        )
      }
    >
      <p className="muted runs-table-note" data-testid="differing-fields">
        {fields.length === 0 ? 'These runs share every setting.' : `They differ in: ${fields.map((f) => `${f.key} (${f.label})`).join(', ')}.`}
        {overlaid.length === 2 && ' Overlaying the two ticked runs.'}
      </p>
      <div className="table-scroll">
        <table className="table runs-table-grid">
          <thead>
            <tr>{[<th scope="col" key="overlay">Overlay</th>, header('label', 'Run', 'The run\'s name'), ...columns.map((c) => header(c.key, c.title, c.about))]}</tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.run.id} data-run-id={row.run.id} className={row.run.id === selectedId ? 'runs-table-selected' : undefined}>
                <td>
                  <input type="checkbox" checked={picked.includes(row.run.id)} onChange={() => toggle(row.run.id)} aria-label={`Overlay ${row.run.label}`} />
                </td>
                <th scope="row">
                  <button type="button" className="link-button" onClick={() => select({ runId: row.run.id })} title="Show this run in the live panels">
                    <i className="dot" style={{ background: row.run.color }} aria-hidden /> {row.run.label}
                  </button>
                </th>
                {columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined} data-col={c.key}>
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Panel>
  );
}
