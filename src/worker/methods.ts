// The engine worker's API, shared by the worker (implementation) and the page (typed client).
import type { AdapterReport } from '../gpu/context';
import type { PreparationCounts } from '../gpu/preparation';
import type { SelfTestReport } from '../kernels/selftest';
import type { EngineCheckReport } from './engineChecks';
import type { KernelTime } from '../engine/profile';
import type { TrainedShare } from '../engine/memoryBudget';
import type { BenchRow } from '../bench/row';
import type { MatmulVariant } from '../kernels/select';
import type { ExperimentConfig } from '../experiment/schema';
import type { MethodKind } from '../methods/registry';
import type { DataFile } from '../tasks';
import type { TorchRunMetrics } from '../torch/metricsFile';
import type { RunSnapshot } from '../train/snapshots';
import type {
  AttentionSnapshot, EvalPoint, Generation, HorizonSample, RunProgress, RunStatus, RunSummary, StepPoint,
} from '../train/metrics';

export interface StartParams {
  experiment: ExperimentConfig;
  methods: MethodKind[];
  /** The page's base URL: shipped models are fetched from `${baseUrl}models/<id>.onnx`. */
  baseUrl: string;
  /** The user's ONNX file, for experiment.model.id === 'file'. */
  fileBytes?: Uint8Array;
  /** The user's data file, for a task that trains on one. */
  dataFile?: DataFile;
  /** Bytes every run of the page may hold together on the GPU (src/engine/memoryBudget.ts). */
  memoryBudget: number;
}

/** The GPU memory the experiment's runs would take, all held at once with the runs already open. */
export interface MemoryReport {
  runs: ({ kind: MethodKind; T: number; bytes: number } & TrainedShare)[];
  /** All runs together. */
  bytes: number;
  /** Held by the runs already open. */
  inUse: number;
  budget: number;
  /** Why the experiment cannot start, in one line naming the fields to change; null when it fits. */
  refusal: string | null;
}

/** A short probe of an experiment on this adapter (src/worker/probe.ts). */
export interface ProbeReport {
  /** The method probed: the experiment's register method, or its first. */
  method: MethodKind;
  /** From nothing to the end of the first step: building the run and compiling its pipelines. */
  firstStepMs: number;
  /** One training step, its losses read back. */
  stepMs: number;
  /** The whole experiment's estimated wall time: every method in turn, evaluations included. */
  seconds: number;
  /** GPU time of one step by kernel family, largest first; null without timestamp queries. */
  kernels: KernelTime[] | null;
}

/** A run of an earlier page to continue from its checkpoint in this browser. */
export interface ResumeParams extends Omit<StartParams, 'methods'> {
  id: string;
  method: MethodKind;
}

/** A run of an exported PyTorch job to import: its parsed metrics, the experiment its link names, its final weights. */
export interface TorchImportParams extends Omit<StartParams, 'methods' | 'memoryBudget'> {
  metrics: TorchRunMetrics;
  weights: { name: string; bytes: Uint8Array } | null;
}

export interface ImportedTorchRun {
  evals: EvalPoint[];
  generations: Generation[];
  summary: RunSummary;
  /** The evaluated weights as ONNX (registers and extra heads dropped); null without weights. */
  onnx: Uint8Array | null;
  /** With weights, one snapshot of the model (attention of every layer and head, registers' predictions) at its last
   * step, as a gallery run carries them; empty without. */
  snapshots: RunSnapshot[];
}

export interface StartedRun {
  id: string;
  method: MethodKind;
  nLayers: number;
  nHeads: number;
}

export interface EngineMethods {
  init(params: void): Promise<AdapterReport>;
  selfTest(params: void): Promise<SelfTestReport>;
  start(params: StartParams): Promise<StartedRun[]>;
  memory(params: Omit<StartParams, 'methods'>): Promise<MemoryReport>;
  /** Times a few steps of a throwaway run of the experiment: its estimated wall time and a step's kernel breakdown. */
  probe(params: Omit<StartParams, 'methods'>): Promise<ProbeReport>;
  /** Continues a saved run from its checkpoint (emitting 'rewound' to its step, then 'status' running, before it steps). */
  resumeSaved(params: ResumeParams): Promise<StartedRun & { step: number }>;
  /** The step of each run checkpoint this browser holds, by run id. */
  checkpointSteps(params: void): Promise<Record<string, number>>;
  /** Test hook: destroys the GPU device, as a driver reset would lose it; the runs resume from their checkpoints. */
  loseDevice(params: void): Promise<void>;
  pause(params: { id: string }): Promise<void>;
  resume(params: { id: string }): Promise<void>;
  stepOnce(params: { id: string }): Promise<void>;
  stop(params: { id: string }): Promise<void>;
  remove(params: { id: string }): Promise<void>;
  attention(params: { id: string; example: number; layer: number; head: number; d: number }): Promise<AttentionSnapshot>;
  horizons(params: { id: string; example: number; d: number }): Promise<HorizonSample>;
  exportOnnx(params: { id: string }): Promise<Uint8Array>;
  /** A PyTorch job's run brought back (src/torch/importRun.ts): its summary and, with its final weights, their
   * evaluation here and the model as ONNX. */
  importTorch(params: TorchImportParams): Promise<ImportedTorchRun>;
  /** The experiment as a PyTorch job, zipped: the files `mutor export-torch` writes for its link. */
  exportTorch(params: Omit<StartParams, 'methods' | 'memoryBudget'>): Promise<Uint8Array>;
  /** src/worker/engineChecks.ts on this device: register invariance, a = 0 gradients, a tiny model's overfit curve. */
  engineCheck(params: { overfitSteps?: number }): Promise<EngineCheckReport>;
  /** `mutor bench` on this device, from this Worker: the groups named (all when empty), scaling at the sizes named;
   * `matmul` forces one variant for every matmul (call it first thing in a fresh Worker: the device's kernels follow). */
  bench(params: { only?: string[]; sizes?: string[]; matmul?: MatmulVariant }): Promise<BenchRow[]>;
}

export interface TrainerEvents {
  step: { id: string; point: StepPoint };
  eval: { id: string; point: EvalPoint; generations: Generation[] };
  status: { id: string; status: RunStatus; error?: string };
  progress: { id: string; progress: RunProgress };
  /** While runs are being built (start, resume): their pipelines compiled and matmul classes timed so far, of those
   * asked for since the build began; the last one comes before the call's reply. */
  preparing: PreparationCounts;
  /** Sent once a run is done or stopped (after its status): final loss, test accuracy, tokens, parameter overhead. */
  summary: { id: string; summary: RunSummary };
  deviceLost: string;
  /** A new device replaced a lost one. */
  deviceRestored: AdapterReport;
  /** A checkpoint was saved at `step`, or (with error) could not be. */
  checkpoint: { id: string; step: number; error?: string };
  /** The run went back to `step` (its checkpoint after a lost device): points after it are void. */
  rewound: { id: string; step: number; message: string };
}
