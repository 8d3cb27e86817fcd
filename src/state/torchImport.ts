// Importing a PyTorch job's run in the page (the drop zone of the Runs panel): its metrics.jsonl and, when the job
// finished, the weights.bin beside it become a saved run shown with the page's runs, evaluated here by the engine
// Worker when the weights come with it, as `mutor import-run` does, with a snapshot of its model for the Attention and
// Horizons panels (as a gallery run has). Anything wrong is one message naming the file and what is wrong, and nothing
// on the page changes.
import { decodeLink } from '../experiment/link';
import { methodOf } from '../methods/registry';
import { parseTorchMetrics } from '../torch/metricsFile';
import { engineClient } from '../worker/client';
import { dataFileFor } from './dataFileStore';
import { modelFileBytesFor } from './modelFileStore';
import { storedSnapshotFields } from './runSnapshots';
import { defaultLabel, useRunsStore } from './runsStore';
import { useSavedRunsStore } from './savedRuns';

const EXPECTED = "drop a PyTorch job's out/<method>/metrics.jsonl, with the weights.bin beside it when the job finished";

/** The dropped files sorted out: one metrics.jsonl, at most one weights file (.bin). */
export function sortTorchFiles<F extends { name: string }>(files: readonly F[]): { metrics: F; weights: F | null } {
  const metrics = files.filter((f) => f.name.endsWith('.jsonl'));
  const weights = files.filter((f) => f.name.endsWith('.bin'));
  const other = files.find((f) => !metrics.includes(f) && !weights.includes(f));
  if (other) throw new Error(`${other.name} is neither a metrics .jsonl nor a weights .bin: ${EXPECTED}`);
  if (metrics.length !== 1) throw new Error(`${metrics.length === 0 ? 'no metrics .jsonl among the files' : `${metrics.length} metrics files (${metrics.map((f) => f.name).join(', ')}); one run at a time`}: ${EXPECTED}`);
  if (weights.length > 1) throw new Error(`${weights.length} weights files (${weights.map((f) => f.name).join(', ')}): give the one weights.bin of the run`);
  return { metrics: metrics[0], weights: weights[0] ?? null };
}

/** Imports the run; returns its id. Throws one readable message and leaves the page as it was. */
export async function importTorchFiles(files: readonly File[]): Promise<string> {
  const { metrics: metricsFile, weights: weightsFile } = sortTorchFiles(files);
  const m = parseTorchMetrics(await metricsFile.text(), metricsFile.name);
  const { config: experiment, problems } = decodeLink(m.link);
  if (problems.length > 0) throw new Error(`${metricsFile.name}: the experiment link in its "run" line cannot be used here (${problems.map((p) => p.message).join('; ')})`);
  if (weightsFile && m.weights === null) {
    throw new Error(`${metricsFile.name} has no "end" line (the job did not finish), so ${weightsFile.name} is not its final weights: drop the metrics alone for its curves`);
  }
  const weights = weightsFile && { name: weightsFile.name, bytes: new Uint8Array(await weightsFile.arrayBuffer()) };
  const imported = await engineClient().call('importTorch', {
    experiment, metrics: m, weights, baseUrl: document.baseURI, fileBytes: modelFileBytesFor(experiment), dataFile: dataFileFor(experiment),
  });

  const store = useRunsStore.getState();
  const id = `torch-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const finished = m.weights !== null;
  const last = m.steps[m.steps.length - 1].step;
  // Marked as restored first, like a saved run: no engine holds it (its model, when it has one, is its onnx).
  useSavedRunsStore.setState((s) => ({ restored: { ...s.restored, [id]: { interrupted: false, savedAt: Date.now() } } }));
  const label = defaultLabel(m.method, store.order.map((o) => store.runs[o]), `${methodOf(m.method).label} (PyTorch)`);
  store.addRun({ id, method: m.method, experiment, label, status: finished ? 'done' : 'stopped' });
  const evaluated = imported.onnx ? `; its final weights evaluated here (${imported.evals.length} evaluation at step ${last})` : '';
  const missing = finished && !weightsFile ? `; its final weights (${m.weights}) were not dropped with it, so curves only` : '';
  useRunsStore.setState((s) => ({
    runs: {
      ...s.runs,
      [id]: {
        ...s.runs[id],
        steps: m.steps,
        evals: imported.evals,
        generations: imported.generations,
        summary: imported.summary,
        progress: { step: last, totalSteps: experiment.steps, stepsPerSec: 0, etaSec: 0 },
        provenance: `Imported from PyTorch (${metricsFile.name}): ${m.steps.length} steps on ${m.adapter}${finished ? '' : ', stopped before the end'}${evaluated}${missing}.`,
        // Its model's attention and registers' predictions at the last step, shown as a gallery run's are.
        ...storedSnapshotFields(imported.snapshots, s.runs[id].modelShape),
        ...(imported.onnx ? { onnx: imported.onnx } : {}),
      },
    },
  }));
  store.select({ runId: id });
  return id;
}
