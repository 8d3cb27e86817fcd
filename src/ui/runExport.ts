// A run as files: JSON (config, share link, curves, evaluations, generations, summary), CSV (one row per step point,
// then one per evaluation) and the download helper the Runs panel uses (also for the ONNX model).
import { encodeLink, type ExperimentConfig } from '../experiment';
import { methodConfig, methodOf, type MethodKind } from '../methods/registry';
import type { Run } from '../state/runsStore';
import type { EvalPoint, Generation, RunStatus, RunSummary, StepPoint } from '../train/metrics';

export const RUN_EXPORT_FORMAT = 'mutor-run';
export const RUN_EXPORT_VERSION = 1;

export interface RunExport {
  format: typeof RUN_EXPORT_FORMAT;
  version: typeof RUN_EXPORT_VERSION;
  exportedAt: string;
  run: { id: string; label: string; method: MethodKind; status: RunStatus; error?: string; createdAt: string };
  /** The experiment the run was started from (all its methods; `run.method` is this run's). */
  experiment: ExperimentConfig;
  /** Opens the playground with this experiment's settings. */
  link: string;
  steps: StepPoint[];
  evals: EvalPoint[];
  generations: Generation[];
  /** Final numbers once the run is done or stopped; null while it runs. */
  summary: RunSummary | null;
}

/** The full share URL of an experiment: `pageUrl` (the page without its fragment) + '#' + the link body. */
export function shareUrl(experiment: ExperimentConfig, pageUrl: string): string {
  return `${pageUrl.replace(/#.*$/, '')}#${encodeLink(experiment)}`;
}

export function runExport(run: Run, pageUrl: string, now = new Date()): RunExport {
  return {
    format: RUN_EXPORT_FORMAT,
    version: RUN_EXPORT_VERSION,
    exportedAt: now.toISOString(),
    run: {
      id: run.id,
      label: run.label,
      method: run.method,
      status: run.status,
      ...(run.error !== undefined ? { error: run.error } : {}),
      createdAt: new Date(run.createdAt).toISOString(),
    },
    experiment: run.experiment,
    link: shareUrl(run.experiment, pageUrl),
    steps: run.steps,
    evals: run.evals,
    generations: run.generations,
    summary: run.summary ?? null,
  };
}

/** Pretty JSON; non-finite numbers (a diverged loss, no evaluation yet) become null, as JSON has no NaN. */
export function runJson(run: Run, pageUrl: string, now?: Date): string {
  return JSON.stringify(runExport(run, pageUrl, now), null, 1);
}

const STEP_COLUMNS = ['step', 'loss', 'ntpLoss', 'auxLoss', 'lr', 'tokensPerSec', 'elapsedMs'] as const;
const DIAGNOSTIC_COLUMNS = ['generatedDecision', 'teacherForcedDecision', 'teacherForcedRest', 'nextTokenCeiling'] as const;

/**
 * One table: a `kind` column ('step' or 'eval'), the step, the step columns (empty on eval rows), then the eval
 * columns testAccuracy, nextTokenAccuracy, horizonAccuracy1..N (MuToR-2D: horizonAccuracy_dh1_dw1 ..) and, for tasks
 * with a planning decision, the Clever Hans diagnostics (DIAGNOSTIC_COLUMNS), all empty on step rows.
 */
export function runCsv(run: Run): string {
  const horizons = Math.max(0, ...run.evals.map((e) => e.horizonAccuracy.length));
  const diagnostics = run.evals.some((e) => e.answerDiagnostics) ? DIAGNOSTIC_COLUMNS : [];
  // MuToR-2D's horizons are pairs: index (d_h - 1)·D + d_w - 1 is column horizonAccuracy_dh<d_h>_dw<d_w>.
  const D = methodOf(run.method).horizonGrid?.(methodConfig(run.method, run.experiment.method));
  const horizonName = (i: number) => (D ? `horizonAccuracy_dh${Math.floor(i / D) + 1}_dw${(i % D) + 1}` : `horizonAccuracy${i + 1}`);
  const header = ['kind', ...STEP_COLUMNS, 'testAccuracy', 'nextTokenAccuracy', ...Array.from({ length: horizons }, (_, i) => horizonName(i)), ...diagnostics];
  const blankEval = new Array<string>(2 + horizons + diagnostics.length).fill('');
  const rows = [header.join(',')];
  for (const p of run.steps) rows.push(['step', ...STEP_COLUMNS.map((c) => cell(p[c])), ...blankEval].join(','));
  for (const e of run.evals) {
    const h = Array.from({ length: horizons }, (_, i) => cell(e.horizonAccuracy[i]));
    const d = diagnostics.map((c) => cell(e.answerDiagnostics?.[c]));
    rows.push(['eval', cell(e.step), ...new Array<string>(STEP_COLUMNS.length - 1).fill(''), cell(e.testAccuracy), cell(e.nextTokenAccuracy), ...h, ...d].join(','));
  }
  return rows.join('\n') + '\n';
}

/** A number as CSV text: full precision, empty for null / non-finite. */
function cell(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? '' : String(v);
}

/** "mutor-tiny-star-graph-mutor-run-3" style names: the experiment's name (or task), the method and the run id. */
export function exportFileName(run: Run, ext: 'json' | 'csv' | 'onnx' | 'pytorch.zip'): string {
  const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  const what = slug(run.experiment.name) || slug(run.experiment.task.name) || 'run';
  const label = slug(run.label) || run.method;
  return `mutor-${what}-${label}.${ext}`;
}

/** Saves bytes or text as a file through a temporary link (the browser's download). */
export function downloadFile(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Some browsers read the URL after click returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
