// One training run: an experiment's task and data, one method, a base model, and the engine that trains it.
// The same class runs in the browser's engine Worker and in Node (mutor train, experiments, tests).
import type { GpuContext } from '../gpu/context';
import { TrainingEngine } from '../engine/trainingEngine';
import { parameterOverhead } from '../methods/params';
import { methodOf, type MethodConfig, type MethodKind } from '../methods/registry';
import { optimizerOptionsFor, type ExperimentConfig } from '../experiment/schema';
import type { Splits } from '../tasks';
import { splitsFor, BatchStream, type BatchStreamState } from './data';
import { runShape } from './runShape';
import type { Checkpoint } from './checkpoint';
import { encodeLink } from '../experiment/link';
import { extendParameters, type BaseModel } from './baseModel';
import { evaluate, horizonSample, type EvaluationResult } from './evaluate';
import type { KernelTime } from '../engine/profile';
import { EngineModel, padBatch } from './engineModel';
import type { AttentionSnapshot, HorizonSample, StepPoint } from './metrics';
import { tokenKindNames } from '../model/batch';
import { positionComponents } from '../model/config';
import { methodTensorsOf, outputHeads, type RunModelConfig } from '../model/methodTensors';
import { tokenString } from '../tasks/tokenizer';
import { packBatch } from '../mutor/packBatch';
import { createRng } from '../util/random';
import { Serial } from '../util/serial';
import { learningRateAt } from '../model/schedule';
import { NumericsFault, NumericsGuard, type NumericsReference } from './numerics';

/**
 * Where a run stands between two steps (beside its parameters and AdamW moments): with the same experiment, method,
 * base model and adapter, a run created from it continues bit for bit as if it had never stopped.
 */
export interface RunPosition {
  /** The experiment's share link (seed and steps included) and the method: a resume into anything else is refused. */
  link: string;
  method: MethodKind;
  validationSize: number;
  step: number;
  /** AdamW's step counter (bias correction, learning-rate schedule). */
  optimizerSteps: number;
  stream: BatchStreamState;
  /** Training time before this point (step points' elapsedMs continue from it). */
  elapsedMs: number;
  /** The model's shape (registers / extra heads included): what the parameters are laid out for, e.g. to export them. */
  config: RunModelConfig;
  /** What the divergence check compares with (src/train/numerics.ts). */
  numerics: NumericsReference;
}

export type RunState = Checkpoint<RunPosition>;

export class TrainingRun {
  /** The engine as generation and evaluation see it (its KV-cache decoder included). */
  readonly model: EngineModel;
  step = 0;
  private lastMetricsAt = 0;
  private tokensSinceMetrics = 0;
  private readonly startedAt = performance.now();
  /** Training time before startedAt (a resumed run's). */
  private elapsedBefore = 0;
  /** Steps, evaluations and inspections one at a time: each leaves the engine's activations half-written while it awaits. */
  private readonly engineJobs = new Serial();
  private numerics: NumericsGuard;

  private constructor(
    /** The GPU the run lives on (a lost device ends it: see GpuContext.lost). */
    readonly ctx: GpuContext,
    readonly experiment: ExperimentConfig,
    readonly method: MethodConfig,
    readonly engine: TrainingEngine,
    readonly splits: Splits,
    private readonly stream: BatchStream,
    readonly base: BaseModel,
    private readonly validationSize: number,
  ) {
    this.model = new EngineModel(engine);
    this.numerics = new NumericsGuard(experiment.optimizer.clipNorm);
  }

  /**
   * `validationSize` > 0 scores the run on the last that many train examples (taken out of training) instead of the
   * test split: the split hyperparameters are chosen on. `resume` continues from a snapshot() of the same run.
   */
  static async create(ctx: GpuContext, experiment: ExperimentConfig, kind: MethodKind, base: BaseModel, o: { validationSize?: number; resume?: RunState } = {}): Promise<TrainingRun> {
    const splits = splitsFor(experiment);
    // The shape comes from every example the experiment defines (train and test), so carving a validation split
    // below leaves the engine's shape, and with it every number, as it is for the test-split run.
    const { method, config, B, T } = runShape(experiment, kind, base.config, splits);
    if (o.resume) refuseMismatch(o.resume.header, experiment, kind, o.validationSize ?? 0, config);
    const n = o.validationSize ?? 0;
    if (n > 0) {
      if (n >= splits.train.length) throw new Error(`a validation split of ${n} leaves no training examples (train has ${splits.train.length})`);
      splits.test = splits.train.splice(splits.train.length - n, n);
    }
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: optimizerOptionsFor(experiment), halfWeights: experiment.f16 });
    const stream = new BatchStream(splits.train, method, config, engine.B, T, experiment.seed);
    const run = new TrainingRun(ctx, experiment, method, engine, splits, stream, base, n);
    try {
      if (o.resume) run.restore(o.resume);
      else engine.setParameters(extendParameters(base, method, config, experiment.seed));
    } catch (e) {
      engine.destroy();
      throw e;
    }
    return run;
  }

  private restore(s: RunState): void {
    this.engine.setParameters(s.params);
    this.engine.setOptimizerState({ steps: s.header.optimizerSteps, m: s.m, v: s.v });
    this.stream.restore(s.header.stream);
    this.step = s.header.step;
    this.elapsedBefore = s.header.elapsedMs;
    this.numerics = new NumericsGuard(this.experiment.optimizer.clipNorm, s.header.numerics);
  }

  /**
   * The run's state after the steps recorded so far. It waits its turn behind them (and the GPU readback behind
   * their submissions), so steps still in flight are in it and none is half in it.
   */
  snapshot(): Promise<RunState> {
    return this.engineJobs.run(async () => {
      const params = await this.engine.getParameters();
      const { steps, m, v } = await this.engine.getOptimizerState();
      const header: RunPosition = {
        link: encodeLink(this.experiment), method: this.method.kind, validationSize: this.validationSize,
        step: this.step, optimizerSteps: steps, stream: this.stream.state(), elapsedMs: this.elapsedMs(), config: this.config,
        numerics: this.numerics.reference,
      };
      return { header, params, m, v };
    });
  }

  private elapsedMs(now = performance.now()): number {
    return this.elapsedBefore + now - this.startedAt;
  }

  get config() {
    return this.engine.config;
  }
  get maxBatch() {
    return this.engine.B;
  }
  get maxT() {
    return this.engine.T;
  }
  get done(): boolean {
    return this.step >= this.experiment.steps;
  }
  /** Tokens of one step, pads included: gradAccumulation micro-batches of B × T. */
  get tokensPerStep(): number {
    return this.experiment.optimizer.gradAccumulation * this.engine.B * this.engine.T;
  }
  /** Tokens the run has trained on, pads included. */
  get tokensTrained(): number {
    return this.step * this.tokensPerStep;
  }
  get parameterOverhead(): number {
    return parameterOverhead(this.method, this.engine.config).parameters;
  }

  /** One optimizer step. With wantMetrics the losses are read back (one readback); otherwise nothing is. */
  trainStep(wantMetrics: boolean): Promise<StepPoint | null> {
    return this.engineJobs.run(() => this.trainStepNow(wantMetrics));
  }

  private async trainStepNow(wantMetrics: boolean): Promise<StepPoint | null> {
    const micro = Array.from({ length: this.experiment.optimizer.gradAccumulation }, () => this.stream.next());
    const metrics = await this.engine.step(micro, { wantMetrics });
    this.step++;
    this.tokensSinceMetrics += this.tokensPerStep;
    if (!metrics) return null;
    const fault = this.numerics.check(metrics);
    if (fault) throw new NumericsFault(fault);
    const now = performance.now();
    const since = this.lastMetricsAt || this.startedAt;
    const point: StepPoint = {
      step: this.step,
      loss: metrics.loss.total,
      ntpLoss: metrics.loss.groupMeans[0],
      auxLoss: auxiliaryLoss(metrics.loss.groupMeans),
      lr: metrics.lr,
      tokensPerSec: (this.tokensSinceMetrics / Math.max(1e-3, now - since)) * 1000,
      elapsedMs: this.elapsedMs(now),
    };
    this.lastMetricsAt = now;
    this.tokensSinceMetrics = 0;
    return point;
  }

  /**
   * GPU time per kernel of the next optimizer step (each dispatch in its own timed pass). The step is real: it updates
   * the weights and takes a batch, so it is for a run made to be measured (src/train/probe.ts), not one being trained.
   */
  profileNextStep(): Promise<KernelTime[]> {
    return this.engineJobs.run(() => this.engine.profileStep(this.stream.next()));
  }

  /** The learning rate the next step will use. */
  get nextLearningRate(): number {
    return learningRateAt(this.step, optimizerOptionsFor(this.experiment));
  }

  evaluate(): Promise<EvaluationResult> {
    const examples = this.splits.test.slice(0, this.experiment.evalSize);
    return this.engineJobs.run(() => evaluate(this.model, this.splits.task, examples, this.method, this.step, this.engine.T));
  }

  horizons(exampleIndex: number, d: number): Promise<HorizonSample> {
    return this.engineJobs.run(() => horizonSample(this.model, this.splits.test[exampleIndex % this.splits.test.length], this.method, d, this.engine.T));
  }

  /** Live attention of one test example (laid out with this run's method at offset d), one layer and head. */
  attention(exampleIndex: number, layer: number, head: number, d: number): Promise<AttentionSnapshot> {
    return this.engineJobs.run(() => this.attentionNow(exampleIndex, layer, head, d));
  }

  private async attentionNow(exampleIndex: number, layer: number, head: number, d: number): Promise<AttentionSnapshot> {
    const example = this.splits.test[exampleIndex % this.splits.test.length];
    const method = methodOf(this.method.kind);
    const layout = method.layout(example, this.method, method.offsets ? d : 0, this.config.vocabSize, createRng(d));
    const batch = padBatch(packBatch([layout], method.groupCoefficients(this.method), this.config), this.engine.B, this.engine.T, outputHeads(this.config), positionComponents(this.config));
    await this.engine.forward(batch);
    const T = this.engine.T, L = layout.inputIds.length;
    const full = await this.engine.attentionProbabilities(layer, 0, head);
    const probs = new Float32Array(L * L);
    for (let q = 0; q < L; q++) probs.set(full.subarray(q * T, q * T + L), q * L);
    const V = this.config.vocabSize;
    return {
      layer, head, example: exampleIndex,
      tokens: layout.inputIds.map((id) => (id >= V ? '⟨reg⟩' : tokenString(id))),
      kinds: layout.kinds.map((k) => tokenKindNames[k]),
      probs,
    };
  }

  /** The trained parameters in this run's layout (registers / heads included). */
  parameters(): Promise<Float32Array> {
    return this.engineJobs.run(() => this.engine.getParameters());
  }

  destroy(): void {
    this.engine.destroy();
  }
}

/** The mean of the auxiliary groups' means (registers, extra heads pooled, or DeepSeek's modules: 1/D·Σ_k CE_k);
 * null for a method with the next-token group only. */
function auxiliaryLoss(groupMeans: readonly number[]): number | null {
  const aux = groupMeans.slice(1);
  return aux.length > 0 ? aux.reduce((a, b) => a + b, 0) / aux.length : null;
}

/** A model's shape as one string, whatever order its config's fields were written in. */
function shapeKey(c: RunModelConfig): string {
  return JSON.stringify(Object.entries({ ...c, methodTensors: methodTensorsOf(c) }).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function refuseMismatch(saved: RunPosition, experiment: ExperimentConfig, kind: MethodKind, validationSize: number, config: RunModelConfig): void {
  const link = encodeLink(experiment);
  if (saved.method !== kind) throw new Error(`the checkpoint is of a ${saved.method} run, not ${kind}`);
  if (saved.link !== link) {
    const theirs = saved.link.split('&'), ours = link.split('&');
    const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).join(', ') || 'the defaults';
    throw new Error(`the checkpoint belongs to another experiment: it has ${only(theirs, ours)} where this one has ${only(ours, theirs)} (the seed, steps and every setting must match)`);
  }
  if (saved.validationSize !== validationSize) throw new Error(`the checkpoint was trained with a validation split of ${saved.validationSize}, not ${validationSize}`);
  if (shapeKey(saved.config) !== shapeKey(config)) throw new Error('the checkpoint holds a model of another shape than this base model gives: was the model file replaced?');
}
