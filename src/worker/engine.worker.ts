// The engine's home in the browser: a dedicated Worker that owns the GPU device, so training never blocks the page.
import { serveRpc, type Endpoint } from './rpc';
import { createBrowserGpuContext } from '../gpu/browser';
import type { GpuContext } from '../gpu/context';
import { runMatmulSelfTest } from '../kernels/selftest';
import { runEngineChecks } from './engineChecks';
import { benchRows } from '../bench/select';
import { forceMatmulVariant } from '../kernels/select';
import type { EngineMethods, StartParams, TrainerEvents } from './methods';
import { Trainer } from './trainer';
import { memoryReport } from './memoryReport';
import { probeExperiment } from './probe';
import { torchJobZip } from './torchExport';
import { importTorchMetrics } from '../torch/importRun';
import { exportOnnx } from '../onnx/export';
import { captureSnapshot } from '../train/snapshotCapture';
import { CheckpointStore, indexedDbKeyValue } from './checkpointStore';
import { loadBaseModel, type BaseModel } from '../train/baseModel';
import { fetchTaskData } from '../train/taskData';
import type { RunSummary } from '../train/metrics';
import { runSummary } from '../train/loop';
import { setDataFile } from '../tasks';

let context: Promise<GpuContext> | null = null;

/** The Worker's device, made on first use; a lost one is dropped (the next call makes a new one) and the runs resume. */
function gpu(): Promise<GpuContext> {
  context ??= createBrowserGpuContext().then((ctx) => {
    void ctx.lost.then(async (err) => {
      context = null;
      emit('deviceLost', err.message);
      await trainer.recover(err.message);
      // recover() made the new device (or reported on each run why it could not).
      const fresh = await gpu().catch(() => null);
      if (fresh) emit('deviceRestored', fresh.adapter);
    });
    return ctx;
  });
  // A device that could not be made is not kept either: the next call tries again.
  context.catch(() => (context = null));
  return context;
}

/** Shipped models by URL, fetched once per Worker (the memory estimate asks for them on every settings change). */
const shipped = new Map<string, Promise<Uint8Array>>();

async function fetchShipped(url: string, path: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not load the shipped model ${path} (${res.status} ${res.statusText})`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The run's base model, with the task's data files loaded first (every call that builds the task's examples comes here). */
async function baseModel(p: Omit<StartParams, 'methods' | 'memoryBudget'>): Promise<BaseModel> {
  await fetchTaskData(p.experiment.task.name, p.baseUrl);
  // The runs built next read the user's data file (if the task takes one) from the tasks module of this Worker.
  if (p.dataFile) setDataFile(p.dataFile);
  return loadBaseModel(p.experiment, {
    shipped(path) {
      const url = new URL(path, p.baseUrl).href;
      let bytes = shipped.get(url);
      if (!bytes) shipped.set(url, (bytes = fetchShipped(url, path)));
      return bytes.catch((e: unknown) => {
        shipped.delete(url);
        throw e;
      });
    },
    userFile(name) {
      if (!p.fileBytes) throw new Error(`this experiment starts from your file ${name}: drop it on the page first`);
      return p.fileBytes;
    },
  });
}

const trainer = new Trainer(gpu, (name, payload) => {
  emit(name, payload);
  noteForSummary(name, payload);
}, new CheckpointStore(indexedDbKeyValue()));

/** What a run's summary needs from its events: the latest loss, test accuracy and elapsed time. */
const latest = new Map<string, { loss: number; testAccuracy: number | null; elapsedMs: number }>();

function noteForSummary<K extends keyof TrainerEvents>(name: K, payload: TrainerEvents[K]): void {
  if (name !== 'step' && name !== 'eval' && name !== 'status') return;
  const { id } = payload as { id: string };
  const l = latest.get(id) ?? { loss: NaN, testAccuracy: null, elapsedMs: 0 };
  latest.set(id, l);
  if (name === 'step') {
    const { point } = payload as TrainerEvents['step'];
    l.loss = point.loss;
    l.elapsedMs = point.elapsedMs;
  } else if (name === 'eval') {
    l.testAccuracy = (payload as TrainerEvents['eval']).point.testAccuracy;
  } else {
    const { status } = payload as TrainerEvents['status'];
    if (status === 'done' || status === 'stopped') {
      const summary = summaryOf(id, l);
      if (summary) emit('summary', { id, summary });
    }
  }
}

/** The run's final numbers, as the CLI reports them (loss is the combined loss of the last read-back step). */
function summaryOf(id: string, l: { loss: number; testAccuracy: number | null; elapsedMs: number }): RunSummary | null {
  let run;
  try {
    run = trainer.run(id);
  } catch {
    return null; // removed meanwhile
  }
  return runSummary(run, { loss: l.loss, testAccuracy: l.testAccuracy, wallMs: l.elapsedMs });
}

const methods: EngineMethods = {
  async init() {
    return (await gpu()).adapter;
  },
  async selfTest() {
    return runMatmulSelfTest(await gpu());
  },
  async start(p) {
    return trainer.start(p.experiment, await baseModel(p), p.methods, p.memoryBudget);
  },
  async memory(p) {
    return memoryReport(await gpu(), p.experiment, (await baseModel(p)).config, p.memoryBudget);
  },
  async probe(p) {
    const ctx = await gpu();
    const base = await baseModel(p);
    const { refusal } = memoryReport(ctx, p.experiment, base.config, p.memoryBudget);
    if (refusal) throw new Error(refusal);
    return probeExperiment(ctx, p.experiment, base, trainer.loopOverhead);
  },
  async resumeSaved(p) {
    return trainer.resumeSaved(p.id, p.experiment, p.method, await baseModel(p), p.memoryBudget);
  },
  async checkpointSteps() {
    return trainer.checkpointSteps();
  },
  async loseDevice() {
    (await gpu()).device.destroy();
  },
  async pause({ id }) {
    trainer.setStatus(id, 'paused');
  },
  async resume({ id }) {
    trainer.setStatus(id, 'running');
  },
  async stepOnce({ id }) {
    trainer.stepOnce(id);
  },
  async stop({ id }) {
    trainer.setStatus(id, 'stopped');
  },
  async remove({ id }) {
    latest.delete(id);
    await trainer.remove(id);
  },
  async attention({ id, example, layer, head, d }) {
    return trainer.run(id).attention(example, layer, head, d);
  },
  async horizons({ id, example, d }) {
    return trainer.run(id).horizons(example, d);
  },
  async exportOnnx({ id }) {
    return trainer.exportOnnx(id);
  },
  async importTorch(p) {
    const { evaluation, summary, weights, run } = await importTorchMetrics(await gpu(), p.metrics, p.experiment, await baseModel(p), p.weights);
    try {
      return {
        evals: evaluation ? [evaluation.point] : [], generations: evaluation?.generations ?? [], summary,
        onnx: weights ? exportOnnx(run.config, weights) : null,
        snapshots: weights ? [await captureSnapshot(run)] : [],
      };
    } finally {
      run.destroy();
    }
  },
  async exportTorch(p) {
    return torchJobZip(p.experiment, await baseModel(p));
  },
  async engineCheck({ overfitSteps }) {
    return runEngineChecks(await gpu(), overfitSteps);
  },
  async bench({ only, sizes, matmul }) {
    forceMatmulVariant(matmul);
    return benchRows(await gpu(), { only, sizes }, { runtime: 'browser worker', cpus: navigator.hardwareConcurrency, agent: navigator.userAgent });
  },
};

const emitRaw = serveRpc(self as unknown as Endpoint, methods as unknown as Record<string, (p: never) => unknown>);
function emit<K extends keyof TrainerEvents>(name: K, payload: TrainerEvents[K]): void {
  emitRaw(name, payload);
}
