import { useMemo, useState } from 'react';
import { methodConfig, methodOf } from '../../methods/registry';
import { tasks } from '../../tasks';
import { useOrderedRuns, useRunsStore, useSelectedRun, type Run } from '../../state/runsStore';
import { useIsRestored } from '../../state/savedRuns';
import type { HorizonSample } from '../../train/metrics';
import { joinSeries } from '../charts/chartData';
import { offsetColor } from '../charts/colors';
import { UPlotChart } from '../charts/UPlotChart';
import { formatPercent } from '../format';
import { ImageHorizons } from './ImageHorizons';
import { usePreviewView } from './layoutPreview';
import { OffsetPairGrid } from './OffsetPairGrid';
import { EmptyState, Panel } from './Panel';
import { RunPicker } from './RunPicker';
import { SnapshotStepSelect, useStoredSnapshot } from './storedSnapshots';
import { useLiveOffset } from './useLiveOffset';
import { useSnapshotRequest } from './useSnapshotRequest';

const hasHorizons = (r: Run) => methodOf(r.method).looksAhead;

/** What each register of one test example predicts d tokens ahead, and how accuracy by offset evolves. */
export function HorizonsPanel() {
  const selected = useSelectedRun();
  const runs = useOrderedRuns();
  // NTP has no horizons: show the first run that has them instead (the selection stays for the other panels).
  const run = selected && hasHorizons(selected) ? selected : (runs.find(hasHorizons) ?? null);
  const example = useRunsStore((s) => s.selection.example);
  const requestHorizons = useRunsStore((s) => s.controls.requestHorizons);
  const d = useLiveOffset(run);
  const saved = useIsRestored(run?.id);
  // A gallery run carries a sample per offset at a few steps: the one at the chosen step and this offset (or the nearest).
  const stored = useStoredSnapshot(run);
  const storedSample = stored ? nearestOffset(stored.snapshot.horizons, d) : null;
  const sample = storedSample ?? run?.horizons ?? null;
  const grid = run ? tasks[run.experiment.task.name]?.grid : undefined;
  const setView = usePreviewView((s) => s.setView);
  const pairSide = run ? methodOf(run.method).horizonGrid?.(methodConfig(run.method, run.experiment.method)) : undefined;
  // A saved run has no model on this page: it shows the last sample it was saved with.
  const ready = run !== null && !saved && run.status !== 'starting' && run.status !== 'error';
  // A fresh sample for every new example or offset, and after every evaluation (the model has changed).
  const requestError = useSnapshotRequest(
    JSON.stringify([run?.id, example, d, run?.evals.length, ready]),
    run && ready && requestHorizons ? () => requestHorizons(run.id, example, d) : null,
  );
  return (
    <Panel
      id="horizons"
      title="Prediction horizons"
      testId="horizons-panel"
      className="panel-wide"
      explain="Each register's top guesses for the token d steps ahead on a test example (green: the true token), and accuracy by offset d over training (MuToR-2D: by offset pair (d_h, d_w) at each evaluation)."
    >
      {!run ? (
        <EmptyState title="Start a MuToR run to see what its registers predict." testId="horizons-empty">
          {runs.length > 0
            ? 'NTP predicts only the next token: add MuToR, Multi-Token heads or DeepSeek MTP to the methods to see predictions further ahead.'
            : 'Each register guesses a token d steps ahead; this panel shows its top guesses next to the truth.'}
        </EmptyState>
      ) : (
        <>
          <div className="toolbar">
            <RunPicker filter={hasHorizons} shownId={run.id} />
            {stored && <SnapshotStepSelect stored={stored} testId="horizons-step" />}
          </div>
          {requestError && <p className="note note-warn">Could not fetch predictions: {requestError}</p>}
          {saved && stored && storedSample && (
            <p className="note" data-testid="horizons-saved-note">
              {run.label} was not trained on this page: these are its registers&apos; predictions at d = {storedSample.d} on test example 1 at step {stored.snapshot.step}, saved with it at steps {stored.steps.join(', ')} (choose d in Register interleaving).
            </p>
          )}
          {saved && !stored && (
            <p className="note">
              {run.label} is a saved run: its model is not on this page, so the predictions are the last ones saved with it{run.horizons ? '' : ' (none were)'}; the accuracy by offset is from its evaluations.
            </p>
          )}
          <div className="horizons-layout">
            {sample && grid ? (
              <ImageHorizons sample={sample} grid={grid} offset={offsetName(run, storedSample?.d ?? d)} />
            ) : sample ? (
              <HorizonSampleView sample={sample} />
            ) : saved ? (
              <EmptyState title={`No predictions were saved with ${run.label}.`}>Train it again to see what its registers predict.</EmptyState>
            ) : (
              <EmptyState title={`Waiting for ${run.label}'s predictions.`}>They are computed on the GPU for the selected example, and again after each evaluation.</EmptyState>
            )}
            {pairSide ? (
              <OffsetPairGrid evals={run.evals} D={pairSide} shown={storedSample?.d ?? d} onPick={(k) => setView({ method: run.method, dMode: 'fixed', d: k })} />
            ) : (
              <OffsetAccuracyChart run={run} />
            )}
          </div>
        </>
      )}
    </Panel>
  );
}

/** How the page names a run's offset: MuToR-2D's '(d_h, d_w) = (2, 3)', else 'd = 3'. */
function offsetName(run: Run, offset: number): string {
  const label = methodOf(run.method).offsetLabel?.(offset, methodConfig(run.method, run.experiment.method));
  return label ? `(d_h, d_w) = ${label}` : `d = ${offset}`;
}

/** The sample at offset d, else the one of the nearest offset; null when there are none. */
function nearestOffset<S extends { d: number }>(samples: readonly S[], d: number): S | null {
  let best: S | null = null;
  for (const s of samples) if (!best || Math.abs(s.d - d) < Math.abs(best.d - d)) best = s;
  return best;
}

function HorizonSampleView({ sample }: { sample: HorizonSample }) {
  const [active, setActive] = useState<number | null>(null);
  const reg = active !== null ? sample.registers[active] : null;
  const right = sample.registers.filter((r) => r.targetToken !== null && r.topk[0]?.token === r.targetToken).length;
  const scored = sample.registers.filter((r) => r.targetToken !== null).length;
  if (sample.registers.length === 0) {
    return (
      <EmptyState title="This sample has no predictions further ahead.">
        It was saved without them; the accuracy by offset is on the right.
      </EmptyState>
    );
  }
  // Registers, or (a method without them) answer positions predicting through extra heads or MTP modules.
  const what = sample.kinds[sample.registers[0].index] === 'register' ? 'registers' : 'predictions ahead';
  return (
    <div className="horizons" data-testid="horizon-sample">
      <div className="mini-strip" aria-label="Example sequence">
        {sample.tokens.map((t, i) => (
          <span
            key={i}
            className={`mini mini-${sample.kinds[i]}${reg?.index === i ? ' mini-active' : ''}${reg?.targetIndex === i ? ' mini-target' : ''}`}
          >
            {sample.kinds[i] === 'register' ? 'R' : t}
          </span>
        ))}
      </div>
      <p className="panel-sub">
        Top-1 right for <b>{right}</b> of {scored} {what} with a target.
      </p>
      <ol className="horizon-cards">
        {sample.registers.map((r, j) => {
          const top = r.topk[0]?.token;
          const verdict = r.targetToken === null ? 'none' : top === r.targetToken ? 'right' : 'wrong';
          return (
            <li
              key={r.index}
              className={`horizon-card verdict-${verdict}`}
              tabIndex={0}
              onMouseEnter={() => setActive(j)}
              onMouseLeave={() => setActive(null)}
              onFocus={() => setActive(j)}
              onBlur={() => setActive(null)}
              aria-label={`${sample.kinds[r.index] === 'register' ? `Register ${j + 1}` : `Position ${r.index}`}, d ${r.offset}: ${verdict === 'none' ? 'no target' : `truth ${r.targetToken}, top guess ${top}, ${verdict}`}`}
            >
              <div className="horizon-head">
                <span className="horizon-reg">
                  {sample.kinds[r.index] === 'register' ? (
                    <>
                      R<sub>{r.offset}</sub> #{j + 1}
                    </>
                  ) : (
                    <>
                      <code>{sample.tokens[r.index]}</code> +{r.offset}
                    </>
                  )}
                </span>
                <span className="horizon-truth">
                  truth <code>{r.targetToken ?? '∅'}</code>
                </span>
                <span className={`verdict verdict-${verdict}`}>{verdict === 'right' ? '✓' : verdict === 'wrong' ? '✗' : '–'}</span>
              </div>
              <ul className="topk">
                {r.topk.map((p, k) => (
                  <li key={k} className={p.token === r.targetToken ? 'topk-truth' : undefined}>
                    <code>{p.token}</code>
                    <span className="bar">
                      <span style={{ width: `${Math.max(1, p.prob * 100)}%` }} />
                    </span>
                    <span className="pct">{formatPercent(p.prob)}</span>
                  </li>
                ))}
              </ul>
            </li>
          );
        })}
      </ol>
    </div>
  );
}

function OffsetAccuracyChart({ run }: { run: Run }) {
  const table = useMemo(() => {
    const dMax = Math.max(0, ...run.evals.map((e) => e.horizonAccuracy.length));
    const offsets = Array.from({ length: dMax }, (_, i) => i + 1).filter((d) => run.evals.some((e) => e.horizonAccuracy[d - 1] != null));
    return {
      // Offset 1 is the plain next-token accuracy (the model's own head), also when registers start at d = 2.
      series: offsets.map((d) => ({ label: d === 1 ? 'd = 1 (next token)' : `d = ${d}`, color: offsetColor(d) })),
      data: joinSeries(offsets.map((d) => ({ xs: run.evals.map((e) => e.step), ys: run.evals.map((e) => e.horizonAccuracy[d - 1] ?? null) }))),
    };
  }, [run.evals]);
  if (table.series.length === 0) return null;
  return (
    <div className="offset-chart">
      <UPlotChart title="Top-1 accuracy d tokens ahead" format="percent" yRange={[0, 1]} height={150} testId="chart-horizons" {...table} />
      <ul className="legend" aria-label="Offsets">
        {table.series.map((s) => (
          <li key={s.label}>
            <span className="swatch" style={{ background: s.color }} /> {s.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
