// The page's side of training: starts runs in the engine Worker from the current experiment and feeds the Worker's
// events into the runs store. Panels call these functions; they never talk to the Worker themselves.
import { engineClient } from '../worker/client';
import type { TrainerEvents } from '../worker/methods';
import type { ExperimentConfig } from '../experiment/schema';
import type { MethodKind } from '../methods/registry';
import { useRunsStore } from './runsStore';
import { useMemoryStore } from './memoryStore';
import { useStartStore } from './startStore';
import { useSavedRunsStore } from './savedRuns';
import { modelFileBytesFor } from './modelFileStore';
import { dataFileFor } from './dataFileStore';

let subscribed = false;

function on<K extends keyof TrainerEvents>(name: K, handler: (payload: TrainerEvents[K]) => void): void {
  engineClient().on(name, (p) => handler(p as TrainerEvents[K]));
}

function subscribe(): void {
  if (subscribed) return;
  subscribed = true;
  const runs = () => useRunsStore.getState();
  on('step', ({ id, point }) => runs().runs[id] && runs().appendStep(id, point));
  on('eval', ({ id, point, generations }) => {
    if (!runs().runs[id]) return;
    runs().appendEval(id, point);
    runs().setGenerations(id, generations);
  });
  on('status', ({ id, status, error }) => runs().runs[id] && runs().setStatus(id, status, error));
  on('progress', ({ id, progress }) => runs().runs[id] && runs().setProgress(id, progress));
  on('preparing', (counts) => useStartStore.getState().starting && useStartStore.setState({ preparing: counts }));
  on('summary', ({ id, summary }) => runs().runs[id] && runs().setSummary(id, summary));
  on('checkpoint', ({ id, step, error }) => {
    if (error) runs().setNotice(id, error);
    else useSavedRunsStore.getState().setCheckpoint(id, step);
  });
  on('rewound', ({ id, step, message }) => {
    runs().rewind(id, step);
    runs().setNotice(id, message);
  });
}

/** Learns which runs this browser holds checkpoints of (a saved run with one offers Resume). */
export async function loadCheckpointSteps(): Promise<void> {
  subscribe();
  const steps = await engineClient().call('checkpointSteps', undefined);
  const saved = useSavedRunsStore.getState();
  for (const [id, step] of Object.entries(steps)) saved.setCheckpoint(id, step);
}

/** Continues a saved run (from an earlier visit) from its checkpoint: its curve goes on from the checkpoint's step. */
export async function resumeSavedRun(id: string): Promise<void> {
  subscribe();
  const run = useRunsStore.getState().runs[id];
  if (!run) throw new Error(`no run ${id}`);
  const experiment = structuredClone(run.experiment);
  // The Worker rewinds the curve to the checkpoint and sets the status (events 'rewound', 'status') before it steps.
  const memoryBudget = useMemoryStore.getState().budget;
  await engineClient().call('resumeSaved', { id, method: run.method, experiment, baseUrl: document.baseURI, fileBytes: modelFileBytesFor(experiment), dataFile: dataFileFor(experiment), memoryBudget });
  useSavedRunsStore.getState().markLive(id);
}

/** Starts every method of the experiment side by side; returns the new run ids. Throws a readable error. */
export async function startExperiment(experiment: ExperimentConfig, fileBytes?: Uint8Array): Promise<string[]> {
  subscribe();
  const frozen = structuredClone(experiment);
  const memoryBudget = useMemoryStore.getState().budget;
  const started = await engineClient().call('start', { experiment: frozen, methods: frozen.runs, baseUrl: document.baseURI, fileBytes, dataFile: dataFileFor(frozen), memoryBudget });
  const store = useRunsStore.getState();
  return started.map((r) => {
    store.addRun({ id: r.id, method: r.method, experiment: frozen, modelShape: { nLayers: r.nLayers, nHeads: r.nHeads } });
    store.setStatus(r.id, 'running');
    return r.id;
  });
}

export const pauseRun = (id: string) => engineClient().call('pause', { id });
export const resumeRun = (id: string) => engineClient().call('resume', { id });
export const stepRun = (id: string) => engineClient().call('stepOnce', { id });
export const stopRun = (id: string) => engineClient().call('stop', { id });

export async function removeRun(id: string): Promise<void> {
  useRunsStore.getState().removeRun(id);
  await engineClient().call('remove', { id }).catch(() => undefined); // a saved run may have no live engine
}

/** Fetches the live attention of the selected example/layer/head into the store. */
export async function refreshAttention(id: string, example: number, layer: number, head: number, d: number): Promise<void> {
  const snapshot = await engineClient().call('attention', { id, example, layer, head, d });
  useRunsStore.getState().setAttention(id, snapshot);
}

export async function refreshHorizons(id: string, example: number, d: number): Promise<void> {
  const sample = await engineClient().call('horizons', { id, example, d });
  useRunsStore.getState().setHorizons(id, sample);
}

/** The run's current model as ONNX bytes (registers and extra heads dropped); rejects for a run the Worker does not hold. */
export function exportRunOnnx(id: string): Promise<Uint8Array> {
  return engineClient().call('exportOnnx', { id });
}

/** One run's experiment (its method alone) as a zipped PyTorch job: `mutor export-torch --config <link> --method <m>`. */
export async function exportRunTorchJob(experiment: ExperimentConfig, method: MethodKind): Promise<Uint8Array> {
  const frozen: ExperimentConfig = { ...structuredClone(experiment), runs: [method] };
  return engineClient().call('exportTorch', { experiment: frozen, baseUrl: document.baseURI, fileBytes: modelFileBytesFor(frozen), dataFile: dataFileFor(frozen) });
}

/** Test hook: destroys the engine Worker's GPU device (a driver reset would lose it); runs resume from their checkpoints. */
export function loseGpuDevice(): Promise<void> {
  return engineClient().call('loseDevice', undefined);
}
