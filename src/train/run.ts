// One training run: an experiment's task and data, one method, a base model, and the engine that trains it.
// The same class runs in the browser's engine Worker and in Node (mutor train, experiments, tests).
import type { GpuContext } from '../gpu/context';
import { TrainingEngine } from '../engine/trainingEngine';
import { parameterOverhead } from '../methods/params';
import { methodOf, type MethodConfig, type MethodKind } from '../methods/registry';
import { optimizerOptionsFor, type ExperimentConfig } from '../experiment/schema';
import type { Splits } from '../tasks';
import { splitsFor, BatchStream } from './data';
import { runShape } from './runShape';
import { extendParameters, type BaseModel } from './baseModel';
import { evaluate, horizonSample, type EvaluationResult } from './evaluate';
import { EngineModel, padBatch } from './engineModel';
import type { AttentionSnapshot, HorizonSample, StepPoint } from './metrics';
import { tokenKindNames } from '../model/batch';
import { outputHeads, positionComponents } from '../model/config';
import { tokenString } from '../tasks/tokenizer';
import { packBatch } from '../mutor/packBatch';
import { createRng } from '../util/random';
import { Serial } from '../util/serial';
import { learningRateAt } from './schedule';
import { NumericsGuard } from './numerics';

export class TrainingRun {
  /** The engine as generation and evaluation see it (its KV-cache decoder included). */
  readonly model: EngineModel;
  step = 0;
  private lastMetricsAt = 0;
  private tokensSinceMetrics = 0;
  private readonly startedAt = performance.now();
  /** Steps, evaluations and inspections one at a time: each leaves the engine's activations half-written while it awaits. */
  private readonly engineJobs = new Serial();
  private readonly numerics: NumericsGuard;

  private constructor(
    readonly experiment: ExperimentConfig,
    readonly method: MethodConfig,
    readonly engine: TrainingEngine,
    readonly splits: Splits,
    private readonly stream: BatchStream,
    readonly base: BaseModel,
  ) {
    this.model = new EngineModel(engine);
    this.numerics = new NumericsGuard(experiment.optimizer.clipNorm);
  }

  /**
   * `validationSize` > 0 scores the run on the last that many train examples (taken out of training) instead of the
   * test split: the split hyperparameters are chosen on.
   */
  static async create(ctx: GpuContext, experiment: ExperimentConfig, kind: MethodKind, base: BaseModel, o: { validationSize?: number } = {}): Promise<TrainingRun> {
    const splits = splitsFor(experiment);
    // The shape comes from every example the experiment defines (train and test), so carving a validation split
    // below leaves the engine's shape, and with it every number, as it is for the test-split run.
    const { method, config, B, T } = runShape(experiment, kind, base.config, splits);
    const n = o.validationSize ?? 0;
    if (n > 0) {
      if (n >= splits.train.length) throw new Error(`a validation split of ${n} leaves no training examples (train has ${splits.train.length})`);
      splits.test = splits.train.splice(splits.train.length - n, n);
    }
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: optimizerOptionsFor(experiment) });
    engine.setParameters(extendParameters(base, method, config, experiment.seed));
    const stream = new BatchStream(splits.train, method, config, engine.B, T, experiment.seed);
    return new TrainingRun(experiment, method, engine, splits, stream, base);
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
    this.tokensSinceMetrics += micro.length * this.engine.B * this.engine.T;
    if (!metrics) return null;
    const fault = this.numerics.check(metrics);
    if (fault) throw new Error(fault);
    const now = performance.now();
    const since = this.lastMetricsAt || this.startedAt;
    const point: StepPoint = {
      step: this.step,
      loss: metrics.loss.total,
      ntpLoss: metrics.loss.groupMeans[0],
      auxLoss: metrics.loss.groupMeans.length > 1 ? metrics.loss.groupMeans[1] : null,
      lr: metrics.lr,
      tokensPerSec: (this.tokensSinceMetrics / Math.max(1e-3, now - since)) * 1000,
      elapsedMs: now - this.startedAt,
    };
    this.lastMetricsAt = now;
    this.tokensSinceMetrics = 0;
    return point;
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
