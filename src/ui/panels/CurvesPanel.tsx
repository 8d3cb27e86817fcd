import { useMemo, useState } from 'react';
import { methodOf } from '../../methods/registry';
import { useComparedRuns } from '../../state/compareStore';
import type { Run } from '../../state/runsStore';
import { dashFor, methodOrdinals } from '../charts/colors';
import { UPlotChart } from '../charts/UPlotChart';
import { CleverHansTable } from './CleverHansTable';
import { curveTables } from './curvesData';
import { EmptyState, Panel } from './Panel';
import { methodNote } from './runLabel';

/** Loss and accuracy against step for every run, colored by method. */
export function CurvesPanel() {
  const runs = useComparedRuns();
  const [log, setLog] = useState(true);
  const [smoothing, setSmoothing] = useState(0);
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const tables = useMemo(() => curveTables(runs, { log, smoothing, hidden }), [runs, log, smoothing, hidden]);
  const hasSteps = runs.some((r) => r.steps.length > 0 || r.evals.length > 0);
  return (
    <Panel
      id="curves"
      title="Training curves"
      testId="curves-panel"
      className="panel-wide"
      explain="Next-token loss (the loss every method shares), the auxiliary loss of registers or extra heads, and exact-match accuracy on held-out prompts, per step; on the star graph also the accuracy of the first step after the start, the one choice a model that cannot plan must guess."
      actions={
        runs.length > 0 && (
          <div className="chart-options">
            <label className="check">
              <input type="checkbox" checked={log} onChange={(e) => setLog(e.target.checked)} /> log-scale losses
            </label>
            <label className="range-field">
              smoothing <input type="range" min={0} max={0.95} step={0.05} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} />
              <output>{smoothing.toFixed(2)}</output>
            </label>
          </div>
        )
      }
    >
      {runs.length === 0 ? (
        <EmptyState title="Start a run to see its loss and accuracy curves." testId="curves-empty">
          Runs of different methods are drawn together: NTP in blue, MuToR in pink, Multi-Token heads in amber.
        </EmptyState>
      ) : (
        <>
          <RunLegend runs={runs} hidden={hidden} onHiddenChange={setHidden} />
          {!hasSteps && <p className="note">Waiting for the first training steps…</p>}
          {runs.every((r) => hidden.has(r.id)) && <p className="note">Every run is hidden: click a run above, or Show all.</p>}
          <div className="chart-grid">
            <UPlotChart title="Next-token loss" format="loss" yLog={log} syncKey="curves" testId="chart-ntp" {...tables.ntp} />
            {tables.aux.series.length > 0 ? (
              <UPlotChart title="Auxiliary loss (registers / extra heads)" format="loss" yLog={log} syncKey="curves" testId="chart-aux" {...tables.aux} />
            ) : (
              <div className="chart chart-missing">
                <p className="chart-title">Auxiliary loss</p>
                <p className="muted">Only MuToR and Multi-Token heads runs have one.</p>
              </div>
            )}
            <UPlotChart title="Test accuracy (exact match)" format="percent" yRange={[0, 1]} syncKey="curves" testId="chart-accuracy" {...tables.accuracy} />
            {tables.decision.series.length > 0 && (
              <UPlotChart title="Decision node, greedy (a guess: 1/degree)" format="percent" yRange={[0, 1]} syncKey="curves" testId="chart-decision" {...tables.decision} />
            )}
          </div>
          <CleverHansTable runs={runs} />
        </>
      )}
    </Panel>
  );
}

interface RunLegendProps {
  runs: readonly Run[];
  /** Runs whose curves are hidden. */
  hidden: ReadonlySet<string>;
  onHiddenChange(hidden: ReadonlySet<string>): void;
}

/**
 * Each run's line as drawn in the charts (color by method, dashes for a second run of a method); a click on an entry
 * hides or shows that run's curves, and one button shows them all again (or hides them all when none is hidden).
 */
export function RunLegend({ runs, hidden, onHiddenChange }: RunLegendProps) {
  const ordinals = methodOrdinals(runs.map((r) => r.method));
  const anyHidden = runs.some((r) => hidden.has(r.id));
  const toggle = (id: string) => {
    const next = new Set(hidden);
    if (!next.delete(id)) next.add(id);
    onHiddenChange(next);
  };
  return (
    <div className="legend-bar">
      <ul className="legend run-legend" aria-label="Runs: click one to hide or show its curves">
        {runs.map((r, i) => {
          const shown = !hidden.has(r.id);
          return (
            <li key={r.id}>
              <button
                type="button"
                className="legend-toggle"
                aria-pressed={shown}
                title={shown ? `Hide ${r.label}'s curves` : `Show ${r.label}'s curves`}
                onClick={() => toggle(r.id)}
                data-testid="legend-run"
              >
                <svg width="26" height="10" aria-hidden>
                  <line x1="1" y1="5" x2="25" y2="5" stroke={r.color} strokeWidth="2.5" strokeDasharray={dashFor(ordinals[i]).join(' ')} />
                </svg>
                {r.label}
                {methodNote(r.label, methodOf(r.method).label) && <span className="muted"> ({methodOf(r.method).label})</span>}
              </button>
            </li>
          );
        })}
      </ul>
      <button
        type="button"
        className="small"
        onClick={() => onHiddenChange(anyHidden ? new Set() : new Set(runs.map((r) => r.id)))}
        data-testid="legend-all"
      >
        {anyHidden ? 'Show all' : 'Hide all'}
      </button>
    </div>
  );
}
