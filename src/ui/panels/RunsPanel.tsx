import { useState } from 'react';
import { issueText, useExperimentStore } from '../../state/experimentStore';
import { useGpuStore } from '../../state/gpuStore';
import { methodNames, useOrderedRuns, useRunsStore, type Run, type RunControls } from '../../state/runsStore';
import type { RunStatus } from '../../train/metrics';
import { formatCount, formatDuration, formatLoss, formatPercent, formatRate } from '../format';
import { Panel } from './Panel';

export type { RunControls };

const STATUS_TEXT: Record<RunStatus, string> = {
  starting: 'starting',
  running: 'running',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  error: 'error',
};

const NOT_WIRED = 'Training is not connected on this page yet';

/**
 * The runs bar: start runs of the current experiment, follow their progress, and pause, step, stop or remove them.
 * Buttons call `controls` when given, else the actions registered in the runs store (useRunsStore.setControls).
 */
export function RunsPanel({ controls: given }: { controls?: RunControls }) {
  const registered = useRunsStore((s) => s.controls);
  const controls = given ?? registered;
  const runs = useOrderedRuns();
  const config = useExperimentStore((s) => s.config);
  const issues = useExperimentStore((s) => s.issues);
  const gpu = useGpuStore((s) => s.status);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const methods = config.runs.map((m) => methodNames[m]).join(' vs ');
  const startBlocked = !controls.start
    ? NOT_WIRED
    : gpu !== 'ready'
      ? gpu === 'checking' ? 'Waiting for the GPU…' : 'Training needs WebGPU (see the message at the top)'
      : issues.length > 0
        ? `Fix the settings first: ${issues.map(issueText).join('; ')}`
        : starting
          ? 'Starting…'
          : null;
  const start = () => {
    setError(null);
    setStarting(true);
    Promise.resolve()
      .then(() => controls.start?.(config))
      .catch((e: unknown) => setError(`Could not start: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setStarting(false));
  };
  return (
    <Panel
      id="runs"
      title="Runs"
      testId="runs-panel"
      className="panel-wide runs-panel"
      explain={`Each method trains the same model on the same data; compare them in the panels below. ${config.steps} steps each.`}
      actions={
        <button
          type="button"
          className="primary"
          disabled={startBlocked !== null}
          title={startBlocked ?? `Train ${methods} for ${config.steps} steps`}
          onClick={start}
          data-testid="start-runs"
        >
          {starting ? 'Starting…' : `▶ Train ${methods}`}
        </button>
      }
    >
      {error && (
        <p className="note note-warn" role="alert">
          {error}
        </p>
      )}
      {issues.length > 0 && (
        <p className="note note-warn" role="status">
          Fix the settings before training: {issues.map(issueText).join('; ')}.
        </p>
      )}
      {runs.length === 0 ? (
        <p className="muted runs-empty" data-testid="runs-empty">
          No runs yet. Pick a task and methods on the left, then press <b>Train</b>.
        </p>
      ) : (
        <ul className="run-cards">
          {runs.map((r) => (
            <RunCard key={r.id} run={r} controls={controls} onError={setError} />
          ))}
        </ul>
      )}
    </Panel>
  );
}

function RunCard({ run, controls, onError }: { run: Run; controls: RunControls; onError(message: string | null): void }) {
  const selected = useRunsStore((s) => s.selection.runId === run.id);
  const select = useRunsStore((s) => s.select);
  const p = run.progress;
  const fraction = p && p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : run.status === 'done' ? 1 : 0;
  const lastEval = run.evals[run.evals.length - 1];
  const lastStep = run.steps[run.steps.length - 1];
  const active = run.status === 'running' || run.status === 'starting';
  const finished = run.status === 'done' || run.status === 'stopped' || run.status === 'error';
  const act = (label: string, action: ((id: string) => unknown) | undefined) => {
    onError(null);
    Promise.resolve()
      .then(() => action?.(run.id))
      .catch((e: unknown) => onError(`${label} ${run.label}: ${e instanceof Error ? e.message : String(e)}`));
  };
  const button = (label: string, action: ((id: string) => unknown) | undefined, enabled: boolean, title: string) => (
    <button type="button" className="small" disabled={!action || !enabled} title={action ? title : NOT_WIRED} onClick={() => act(label, action)}>
      {label}
    </button>
  );
  return (
    <li className={`run-card${selected ? ' run-card-selected' : ''}`} style={{ borderLeftColor: run.color }} data-testid="run-card">
      <div className="run-card-head">
        <button type="button" className="run-name" aria-pressed={selected} onClick={() => select({ runId: run.id })} title="Show this run in the live panels">
          <i className="dot" style={{ background: run.color }} aria-hidden />
          {run.label}
          {run.label !== methodNames[run.method] && <span className="muted"> · {methodNames[run.method]}</span>}
        </button>
        <span className={`status status-${run.status}`}>{STATUS_TEXT[run.status]}</span>
        <button
          type="button"
          className="icon remove-run"
          aria-label={`Remove ${run.label}`}
          disabled={!controls.remove || active}
          title={!controls.remove ? NOT_WIRED : active ? 'Stop or pause the run before removing it' : 'Remove the run and its results from the page'}
          onClick={() => act('Remove', controls.remove)}
        >
          ✕
        </button>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`${run.label} progress`}
        aria-valuemin={0}
        aria-valuemax={p?.totalSteps ?? 100}
        aria-valuenow={p?.step ?? Math.round(fraction * 100)}
      >
        <span style={{ width: `${fraction * 100}%`, background: run.color }} />
      </div>
      <div className="run-facts">
        <span>
          step {p ? `${formatCount(p.step)} / ${formatCount(p.totalSteps)}` : '—'}
        </span>
        {active && p && (
          <span>
            {formatRate(p.stepsPerSec)} steps/s · {formatDuration(p.etaSec)} left
          </span>
        )}
        {run.summary ? (
          <span>{formatDuration(run.summary.wallMs / 1000)} total</span>
        ) : (
          finished && lastStep && <span>{formatDuration(lastStep.elapsedMs / 1000)} of training</span>
        )}
      </div>
      <div className="run-metrics">
        <span title="Exact-match accuracy on held-out prompts">
          test acc <b>{formatPercent(run.summary?.testAccuracy ?? lastEval?.testAccuracy)}</b>
        </span>
        <span title="Next-token loss at the latest step">
          loss <b>{formatLoss(run.summary?.finalLoss ?? lastStep?.ntpLoss)}</b>
        </span>
        {run.summary && run.summary.parameterOverhead > 0 && (
          <span title="Parameters the method adds to the plain model">
            +{formatCount(run.summary.parameterOverhead)} params
          </span>
        )}
      </div>
      {run.error && <p className="run-error">{run.error}</p>}
      {!finished && (
        <div className="run-buttons">
          {run.status === 'paused'
            ? button('▶ Resume', controls.resume, true, 'Continue training')
            : button('❚❚ Pause', controls.pause, run.status === 'running', 'Pause after the current step')}
          {button('Step', controls.step, run.status === 'paused', 'Run one optimizer step, then pause')}
          {button('■ Stop', controls.stop, true, 'End the run (it keeps its results)')}
        </div>
      )}
    </li>
  );
}
