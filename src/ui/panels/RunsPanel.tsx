import { useState } from 'react';
import { issueText, useExperimentStore } from '../../state/experimentStore';
import { methodOf } from '../../methods/registry';
import { useOrderedRuns, useRunsStore, type Run, type RunControls } from '../../state/runsStore';
import { usePendingRemovals } from '../../state/pendingRemovals';
import { useRunHasModel } from '../../state/runModel';
import { useSavedRunsStore } from '../../state/savedRuns';
import type { RunStatus } from '../../train/metrics';
import { formatCount, formatDuration, formatLoss, formatPercent, formatRate } from '../format';
import { downloadFile, exportFileName, runCsv, runJson } from '../runExport';
import { ImportTorchRun, type ImportTorch } from './ImportTorchRun';
import { Panel } from './Panel';
import { QuickPresetOffer } from './QuickPresetOffer';
import { methodNote } from './runLabel';
import { StartProgress } from './StartProgress';
import { TimeEstimate } from './TimeEstimate';
import { TrainButton } from './TrainButton';
import { UndoRemovals } from './UndoRemovals';
import { NOT_WIRED, useStartRuns } from './useStartRuns';

export type { RunControls };

const STATUS_TEXT: Record<RunStatus, string> = {
  starting: 'starting',
  running: 'running',
  paused: 'paused',
  done: 'done',
  stopped: 'stopped',
  error: 'error',
};

/** Fetches a run's tuned model as ONNX bytes (the engine Worker's exporter); absent: no ONNX button. */
export type ExportOnnx = (id: string) => Promise<Uint8Array>;

/** Zips a run's experiment (its method alone) as a PyTorch job (the engine Worker's export); absent: no PyTorch button. */
export type ExportTorch = (run: Run) => Promise<Uint8Array>;

interface RunsPanelProps {
  controls?: RunControls;
  exportOnnx?: ExportOnnx;
  exportTorch?: ExportTorch;
  /** Brings a PyTorch job's run in as a saved run; absent: no import zone. */
  importTorch?: ImportTorch;
}

/**
 * The runs bar: start runs of the current experiment, follow their progress, pause, step, stop or remove them, and
 * export them (JSON, CSV, the ONNX model). Runs saved in this browser come back after a reload, marked "saved".
 * Buttons call `controls` when given, else the actions registered in the runs store (useRunsStore.setControls).
 */
export function RunsPanel({ controls: given, exportOnnx, exportTorch, importTorch }: RunsPanelProps) {
  const registered = useRunsStore((s) => s.controls);
  const controls = given ?? registered;
  const runs = useOrderedRuns();
  const config = useExperimentStore((s) => s.config);
  const issues = useExperimentStore((s) => s.issues);
  const startRuns = useStartRuns(given);
  const { error, setError } = startRuns;
  return (
    <Panel
      id="runs"
      title="Runs"
      testId="runs-panel"
      className="panel-wide runs-panel"
      explain={`Each method trains the same model on the same data; compare them in the panels below. ${config.steps} steps each. Runs are saved in this browser.`}
      actions={
        <>
          <TimeEstimate />
          <TrainButton run={startRuns} steps={config.steps} testId="start-runs" />
        </>
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
      <StartProgress run={startRuns} />
      <QuickPresetOffer />
      <StorageProblem />
      <UndoRemovals />
      {runs.length > 0 ? (
        <ul className="run-cards">
          {runs.map((r) => (
            <RunCard key={r.id} run={r} controls={controls} exportOnnx={exportOnnx} exportTorch={exportTorch} onError={setError} />
          ))}
        </ul>
      ) : (
        // While the first runs start, the progress line above says what happens; "press Train" would contradict it.
        !startRuns.starting && (
          <p className="muted runs-empty" data-testid="runs-empty">
            No runs yet. Pick a task and methods under <i>Experiment</i>, then press <b>Train</b>.
          </p>
        )
      )}
      {importTorch && <ImportTorchRun importTorch={importTorch} />}
    </Panel>
  );
}

/** Why runs are not being saved (storage full, private mode): runs on the page are unaffected. */
function StorageProblem() {
  const problem = useSavedRunsStore((s) => s.problem);
  const dismiss = useSavedRunsStore((s) => s.dismissProblem);
  if (!problem) return null;
  return (
    <div className="note note-warn storage-problem" role="alert" data-testid="storage-problem">
      <span>{problem}</span>
      <button type="button" className="small" onClick={dismiss}>
        Dismiss
      </button>
    </div>
  );
}

function RunCard({ run, controls, exportOnnx, exportTorch, onError }: { run: Run; controls: RunControls; exportOnnx?: ExportOnnx; exportTorch?: ExportTorch; onError(message: string | null): void }) {
  const selected = useRunsStore((s) => s.selection.runId === run.id);
  const select = useRunsStore((s) => s.select);
  const restored = useSavedRunsStore((s) => s.restored[run.id]);
  const checkpoint = useSavedRunsStore((s) => s.checkpoints[run.id]);
  const hasModel = useRunHasModel();
  const resumable = restored !== undefined && checkpoint !== undefined && checkpoint < run.experiment.steps && run.status !== 'error';
  const p = run.progress;
  const fraction = p && p.totalSteps > 0 ? Math.min(1, p.step / p.totalSteps) : run.status === 'done' ? 1 : 0;
  const lastEval = run.evals[run.evals.length - 1];
  const lastStep = run.steps[run.steps.length - 1];
  const active = !restored && (run.status === 'running' || run.status === 'starting');
  const finished = restored !== undefined || run.status === 'done' || run.status === 'stopped' || run.status === 'error';
  const act = (label: string, action: ((id: string) => unknown) | undefined) => {
    onError(null);
    Promise.resolve()
      .then(() => action?.(run.id))
      .catch((e: unknown) => onError(`${label} ${run.label}: ${e instanceof Error ? e.message : String(e)}`));
  };
  const button = (label: string, action: ((id: string) => unknown) | undefined, enabled: boolean, title: string, testId: string) => (
    <button type="button" className="small" disabled={!action || !enabled} title={action ? title : NOT_WIRED} onClick={() => act(label, action)} data-testid={testId}>
      {label}
    </button>
  );
  const statusText = restored?.interrupted ? 'saved' : STATUS_TEXT[run.status];
  return (
    <li className={`run-card${selected ? ' run-card-selected' : ''}`} style={{ borderLeftColor: run.color }} data-testid="run-card" data-run-id={run.id} data-method={run.method}>
      <div className="run-card-head">
        <button type="button" className="run-name" aria-pressed={selected} onClick={() => select({ runId: run.id })} title="Show this run in the live panels">
          <i className="dot" style={{ background: run.color }} aria-hidden />
          {run.label}
          {methodNote(run.label, methodOf(run.method).label) && <span className="muted"> · {methodOf(run.method).label}</span>}
        </button>
        <span className="run-card-badges">
          {restored && !restored.interrupted && (
            <span className="saved-badge" data-testid="saved-badge" title="Saved in this browser in an earlier visit">
              saved
            </span>
          )}
          <span
            className={`status status-${restored?.interrupted ? 'saved' : run.status}`}
            data-testid={restored?.interrupted ? 'saved-badge' : 'run-status'}
            title={restored?.interrupted ? 'Saved in this browser; the page was closed or reloaded while it trained' : undefined}
          >
            {statusText}
          </span>
          <button
            type="button"
            className="icon remove-run"
            aria-label={`Remove ${run.label}`}
            disabled={!controls.remove || active}
            title={
              !controls.remove
                ? NOT_WIRED
                : active
                  ? 'Stop or pause the run before removing it'
                  : 'Remove the run and its results from the page and from this browser\'s storage (Undo is offered for a few seconds)'
            }
            onClick={() => {
              const remove = controls.remove;
              if (!remove) return;
              onError(null);
              usePendingRemovals.getState().request(run.id, remove, (e) => onError(`Remove ${run.label}: ${e instanceof Error ? e.message : String(e)}`));
            }}
            data-testid="remove-run"
          >
            ✕
          </button>
        </span>
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
        <span data-testid="run-step">step {p ? `${formatCount(p.step)} / ${formatCount(p.totalSteps)}` : '—'}</span>
        {active && p && (
          <span>
            {formatRate(p.stepsPerSec)} steps/s · <span data-testid="run-eta" data-eta-sec={Math.round(p.etaSec)}>{formatDuration(p.etaSec)} left</span>
          </span>
        )}
        <TokensPerSecond run={run} active={active} />
        {checkpoint !== undefined && (
          <span data-testid="run-checkpoint" title="The last checkpoint of the weights, optimizer and data stream saved in this browser">
            checkpoint @ {formatCount(checkpoint)}
          </span>
        )}
        {run.summary && Number.isFinite(run.summary.wallMs) && run.summary.wallMs > 0 ? (
          <span>{formatDuration(run.summary.wallMs / 1000)} of training</span>
        ) : (
          finished && lastStep && <span>{formatDuration(lastStep.elapsedMs / 1000)} of training</span>
        )}
      </div>
      <div className="run-metrics">
        <span title="Exact-match accuracy on held-out prompts at the latest evaluation">
          test acc <b>{formatPercent(lastEval?.testAccuracy)}</b>
        </span>
        <span title="Next-token loss at the latest step">
          loss <b data-testid="run-loss">{formatLoss(lastStep?.ntpLoss)}</b>
        </span>
        {run.summary && run.summary.parameterOverhead > 0 && (
          <span title="Parameters the method adds to the plain model (dropped at inference)">+{formatCount(run.summary.parameterOverhead)} params</span>
        )}
      </div>
      {run.error && <p className="run-error">{run.error}</p>}
      {run.notice && (
        <p className="run-notice" data-testid="run-notice">
          {run.notice}
        </p>
      )}
      {run.provenance && (
        <p className="run-saved-note" data-testid="run-provenance">
          {run.provenance}
        </p>
      )}
      {restored && !run.provenance && (
        <p className="run-saved-note">
          {restored.interrupted ? 'Interrupted by a reload.' : 'From an earlier visit.'}{' '}
          {checkpoint === undefined
            ? 'Curves and results are kept; the model is not (no live attention or ONNX).'
            : `Its checkpoint at step ${formatCount(checkpoint)} is kept: ${resumable ? 'Resume continues from it, ' : ''}ONNX downloads its model.`}
        </p>
      )}
      {resumable && (
        <div className="run-buttons">
          {button('▶ Resume', controls.resumeSaved, true, 'Continue training from the checkpoint saved in this browser', 'resume-saved-run')}
        </div>
      )}
      {!finished && (
        <div className="run-buttons">
          {run.status === 'paused'
            ? button('▶ Resume', controls.resume, true, 'Continue training', 'resume-run')
            : button('❚❚ Pause', controls.pause, run.status === 'running', 'Pause after the current step', 'pause-run')}
          {button('Step', controls.step, run.status === 'paused', 'Run one optimizer step, then pause', 'step-run')}
          {button('■ Stop', controls.stop, true, 'End the run (it keeps its results)', 'stop-run')}
        </div>
      )}
      <RunExports run={run} hasModel={hasModel(run)} exportOnnx={exportOnnx} exportTorch={exportTorch} onError={onError} />
    </li>
  );
}

/**
 * Download buttons: the run as JSON or CSV (from the page), its tuned model as ONNX (a live run's weights or a saved
 * run's checkpoint from the engine Worker, a gallery run's shipped model; no ONNX button for a run whose model this
 * browser does not hold), and its experiment as a PyTorch job to train it further elsewhere.
 */
function RunExports({ run, hasModel, exportOnnx, exportTorch, onError }: { run: Run; hasModel: boolean; exportOnnx?: ExportOnnx; exportTorch?: ExportTorch; onError(message: string | null): void }) {
  const [onnxBusy, setOnnxBusy] = useState(false);
  const [torchBusy, setTorchBusy] = useState(false);
  const saveTorch = () => {
    if (!exportTorch) return;
    onError(null);
    setTorchBusy(true);
    exportTorch(run)
      .then((bytes) => downloadFile(exportFileName(run, 'pytorch.zip'), bytes as Uint8Array<ArrayBuffer>, 'application/zip'))
      .catch((e: unknown) => onError(`PyTorch job of ${run.label}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setTorchBusy(false));
  };
  const hasData = run.steps.length > 0 || run.evals.length > 0;
  const onnxBlocked = run.status === 'starting'
    ? 'The model is still being set up'
    : run.status === 'error'
      ? 'The run failed; its model may be broken'
      : onnxBusy
        ? 'Preparing the file…'
        : null;
  const saveOnnx = () => {
    if (!exportOnnx) return;
    onError(null);
    setOnnxBusy(true);
    exportOnnx(run.id)
      .then((bytes) => downloadFile(exportFileName(run, 'onnx'), bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream'))
      .catch((e: unknown) => onError(`ONNX export of ${run.label}: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => setOnnxBusy(false));
  };
  return (
    <div className="run-exports" role="group" aria-label={`Download ${run.label}`}>
      <span className="run-exports-label">Download</span>
      <button
        type="button"
        className="small"
        onClick={() => downloadFile(exportFileName(run, 'json'), runJson(run, window.location.href), 'application/json')}
        title="The run as JSON: settings, share link, curves, evaluations, generations and summary"
        data-testid="export-json"
      >
        JSON
      </button>
      <button
        type="button"
        className="small"
        disabled={!hasData}
        onClick={() => downloadFile(exportFileName(run, 'csv'), runCsv(run), 'text/csv')}
        title={hasData ? 'The curves as CSV: one row per step (loss, ntpLoss, auxLoss, lr, tokensPerSec), then one per evaluation' : 'No steps yet'}
        data-testid="export-csv"
      >
        CSV
      </button>
      {exportOnnx && hasModel && (
        <button
          type="button"
          className="small"
          disabled={onnxBlocked !== null}
          onClick={saveOnnx}
          title={onnxBlocked ?? 'The tuned model as ONNX: a plain next-token model (registers and extra heads are dropped)'}
          data-testid="export-onnx"
        >
          {onnxBusy ? 'ONNX…' : 'ONNX'}
        </button>
      )}
      {exportTorch && (
        <button
          type="button"
          className="small"
          disabled={torchBusy}
          onClick={saveTorch}
          title={torchBusy ? 'Preparing the job…' : "The run's experiment as a PyTorch (DDP) job, zipped: its batches, starting weights, train.py and a README (what mutor export-torch writes)"}
          data-testid="export-torch"
        >
          {torchBusy ? 'PyTorch…' : 'PyTorch'}
        </button>
      )}
    </div>
  );
}

/** Training throughput: the latest rate while the run trains, the whole run's mean once it is over. */
function TokensPerSecond({ run, active }: { run: Run; active: boolean }) {
  const latest = run.steps[run.steps.length - 1]?.tokensPerSec;
  const mean = run.summary && run.summary.wallMs > 0 ? run.summary.tokens / (run.summary.wallMs / 1000) : undefined;
  const rate = active ? latest : (mean ?? latest);
  if (rate === undefined || !Number.isFinite(rate) || rate <= 0) return null;
  return (
    <span data-testid="run-tokens-per-sec" title={active ? 'Training tokens per second at the latest step' : 'Training tokens per second over the whole run'}>
      {formatRate(rate)} tokens/s
    </span>
  );
}
