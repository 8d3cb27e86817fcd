// The experiment: everything a run of the playground needs, as plain data. The share link, the CLI, the presets and
// the trainer all read and write this one type; fields.ts describes each field (URL key, bounds, label) once.
import { defaultModelSize, type ModelSize } from '../model/size';
import { methodConfig, type MethodConfig, type MethodKind } from '../methods/registry';
import { tasks } from '../tasks';
import { resolveKnobs } from '../tasks/knobs';
import type { LrScheduleKind, OptimizerOptions } from '../model/schedule';
import type { LoraConfig } from '../model/lora';

/** The link and config format; version.ts reads older ones with the meaning they had. */
export const EXPERIMENT_VERSION = 2;

/** Shipped pretrained models, a fresh random init, or a user's ONNX file (known by its name and SHA-256). */
export const BASE_MODEL_IDS = ['nano', 'small', 'scratch', 'file'] as const;
export type BaseModelId = (typeof BASE_MODEL_IDS)[number];

export interface ExperimentConfig {
  version: typeof EXPERIMENT_VERSION;
  name: string;
  /** A task of the registry in src/tasks; `knobs` holds every knob of that task. */
  task: { name: string; knobs: Record<string, number> };
  /** fileName and fileSha256 name the user's data file, for a task that uses one (empty otherwise). */
  data: { trainSize: number; testSize: number; dataSeed: number; fileName: string; fileSha256: string };
  /** fileName and fileSha256 are meaningful for id 'file' only (empty otherwise), scratch for id 'scratch' only. */
  model: { id: BaseModelId; fileName: string; fileSha256: string; scratch: ModelSize };
  /** The methods trained side by side on the same data, in display order, each at most once. */
  runs: MethodKind[];
  /** Method knobs shared by the runs that use them (see MethodConfig). */
  method: Omit<MethodConfig, 'kind'>;
  /** LoRA adapters for every run (src/model/lora.ts): rank 0 fine-tunes every base tensor instead. */
  lora: { rank: number; alpha: number; mlp: boolean };
  /** The blocks' matmuls read f16 copies of the projection weights (on any adapter); master weights, gradients
   * and accumulation stay f32. Off by default (BENCHMARKS.md, "f16 storage"). */
  f16: boolean;
  optimizer: {
    lr: number;
    schedule: LrScheduleKind;
    warmupSteps: number;
    minLrRatio: number;
    weightDecay: number;
    beta1: number;
    beta2: number;
    eps: number;
    /** Global gradient-norm clip; 0 disables clipping. */
    clipNorm: number;
    /** Sequences per micro-batch. */
    batchSize: number;
    /** Micro-batches summed into one optimizer step. */
    gradAccumulation: number;
  };
  /** Optimizer steps per run. */
  steps: number;
  /** Evaluate every this many optimizer steps (and once at the end). */
  evalEvery: number;
  /** Test examples scored at each evaluation (at most data.testSize). */
  evalSize: number;
  /** Seed of parameter init, register offsets and batch order (data has its own seed). */
  seed: number;
}

export type MethodKnobs = ExperimentConfig['method'];

/** A quick star-graph comparison (degree 2, path length 5, d in {2..4}, a 0.5 as in the paper) from scratch. */
export const defaultExperiment: ExperimentConfig = deepFreeze({
  version: EXPERIMENT_VERSION,
  name: '',
  task: { name: 'starGraph', knobs: { ...resolveKnobs(tasks.starGraph) } },
  data: { trainSize: 2000, testSize: 200, dataSeed: 1, fileName: '', fileSha256: '' },
  model: { id: 'scratch', fileName: '', fileSha256: '', scratch: { ...defaultModelSize } },
  runs: ['ntp', 'mutor'],
  method: knobsOf(methodConfig('mutor', { dMax: 4, dMin: 2, alpha: 0.5 })),
  lora: { rank: 0, alpha: 16, mlp: false },
  f16: false,
  optimizer: {
    lr: 0.001,
    schedule: 'cosine',
    warmupSteps: 20,
    minLrRatio: 0.1,
    weightDecay: 0.01,
    beta1: 0.9,
    beta2: 0.999,
    eps: 1e-8,
    clipNorm: 1,
    batchSize: 32,
    gradAccumulation: 1,
  },
  steps: 400,
  evalEvery: 50,
  evalSize: 100,
  seed: 1,
} satisfies ExperimentConfig);

/** A mutable deep copy of the defaults (or of any config). */
export function cloneExperiment(c: ExperimentConfig = defaultExperiment): ExperimentConfig {
  return structuredClone(c);
}

/** The method record of one run; throws (validateMethodConfig) only on a config that was never validated. */
export function methodConfigFor(exp: ExperimentConfig, kind: MethodKind): MethodConfig {
  return methodConfig(kind, exp.method);
}

/** The runs' LoRA adapters, or undefined for full fine-tuning (rank 0). */
export function loraFor(exp: ExperimentConfig): LoraConfig | undefined {
  return exp.lora.rank > 0 ? { ...exp.lora } : undefined;
}

/** The optimizer options the trainer takes: the schedule decays over the whole run. */
export function optimizerOptionsFor(exp: ExperimentConfig): OptimizerOptions {
  const o = exp.optimizer;
  return {
    lr: o.lr,
    warmupSteps: o.warmupSteps,
    totalSteps: exp.steps,
    schedule: o.schedule,
    minLrRatio: o.minLrRatio,
    beta1: o.beta1,
    beta2: o.beta2,
    eps: o.eps,
    weightDecay: o.weightDecay,
    maxGradNorm: o.clipNorm,
  };
}

function knobsOf({ kind: _kind, ...knobs }: MethodConfig): MethodKnobs {
  return knobs;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
