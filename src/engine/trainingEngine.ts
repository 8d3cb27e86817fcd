// The training engine: a model of one shape (config, B, T) on the GPU, trained with AdamW. Allocates parameters,
// gradients and moments (one buffer each, sliced by the layout), the activations (one arena), builds every
// dispatch once, and records a whole optimizer step (upload → forward → loss → backward → clip → AdamW, micro-batches
// included) into ONE submission that reads nothing back unless metrics are asked for. Generation goes through its
// KV-cache decoder (kvDecoder.ts), made on first use over the same parameters.
import type { GpuContext } from '../gpu/context';
import { Recorder, type PreparedDispatch } from '../gpu/recorder';
import type { Batch, LossReport } from '../model/batch';
import { validateRunModelConfig, type RunModelConfig } from '../model/methodTensors';
import { buildLayout, frozenLayout, trainableLayout, type ParameterLayout } from '../model/layout';
import { reportFloats } from '../kernels/crossEntropy';
import { CLIP_FLOATS } from '../kernels/adamw';
import type { OptimizerOptions } from '../model/schedule';
import { allocateActivations, type Activations } from './activations';
import { BatchBuffers, stackView } from './batchBuffers';
import { headStacks, stackOfHead, type HeadStack } from './headStacks';
import { createEngineKernels, type EngineKernels } from './kernels';
import { buildModelPlan, stackKernels, type ModelPlan } from './modelPlan';
import { Optimizer, type TrainableFn } from './optimizer';
import { FlatTensors } from './parameters';
import { HalfWeights } from './halfWeights';
import { GpuWait } from './gpuWait';
import { KvDecoder } from './kvDecoder';
import { profileDispatches, type KernelTime } from './profile';
import { DEFAULT_LOSS_GROUPS, estimateEngineMemory } from './memoryEstimate';
import { describeExcess, limitsOf, memoryExcess } from './memoryBudget';

export interface EngineOptions {
  /** Sequences per micro-batch and tokens per sequence (registers and pads included). */
  B: number;
  T: number;
  optimizer: OptimizerOptions;
  /** Loss-group slots (default DEFAULT_LOSS_GROUPS: next token, registers/extra heads, and spares). */
  lossGroups?: number;
  /** The blocks' matmuls read f16 copies of the projection weights (halfWeights.ts; any adapter): f32 master
   * weights, gradients, moments and accumulation. Default false. */
  halfWeights?: boolean;
}

export interface StepMetrics {
  /** 0-based index of the optimizer step these metrics belong to. */
  step: number;
  lr: number;
  loss: LossReport;
  /** Global gradient norm before clipping, and the factor applied. */
  gradNorm: number;
  clipScale: number;
  /** The first step (0-based, as `step`) whose loss or gradient norm was NaN or infinite, flagged on the GPU at the
   * step it happened even when metrics were not read then; null while every step was finite. */
  firstNonFiniteStep: number | null;
}

export interface StepOptions {
  /** Read the loss report and gradient norm back (one readback); otherwise nothing is read. */
  wantMetrics?: boolean;
}

/** Steps recorded ahead of the GPU at most (enough to keep a real GPU busy, few enough to pause promptly). */
export const MAX_STEPS_IN_FLIGHT = 3;

export class TrainingEngine {
  readonly layout: ParameterLayout;
  /** The tensors AdamW updates, as their gradients and moments are laid out (the whole layout without LoRA). */
  readonly trainableLayout: ParameterLayout;
  /** Dispatches one step records for one micro-batch (each further micro-batch adds forward + loss + backward). */
  readonly dispatchesPerStep: number;
  private readonly G: number;
  private readonly wait: GpuWait;
  private readonly probabilityDispatches = new Map<string, PreparedDispatch[]>();
  private readonly bytesBefore: number;
  /** How the output heads run (headStacks.ts). */
  private readonly stacks: HeadStack[];
  private kvDecoder: Promise<KvDecoder> | null = null;

  private constructor(
    private readonly ctx: GpuContext,
    /** The base model and the tensors the run's method adds beside it. */
    readonly config: RunModelConfig,
    readonly B: number,
    readonly T: number,
    private readonly params: FlatTensors,
    private readonly grads: FlatTensors,
    private readonly acts: Activations,
    private readonly batch: BatchBuffers,
    private readonly kernels: EngineKernels,
    private readonly plan: ModelPlan,
    private readonly optimizer: Optimizer,
    private readonly resets: { grads: PreparedDispatch[]; loss: PreparedDispatch[] },
    /** f16 copies of the projection weights (halfWeights), refreshed after every update; null: f32 matmuls. */
    private readonly half: HalfWeights | null,
    bytesBefore: number,
  ) {
    this.layout = buildLayout(config);
    this.trainableLayout = trainableLayout(this.layout);
    this.G = batch.G;
    this.wait = new GpuWait(ctx);
    this.bytesBefore = bytesBefore;
    this.stacks = headStacks(config, B * T);
    this.dispatchesPerStep = [resets.grads, resets.loss, plan.forward, plan.lossWithGradient, plan.backward, this.update].reduce((n, l) => n + l.length, 0);
  }

  static async create(ctx: GpuContext, config: RunModelConfig, o: EngineOptions): Promise<TrainingEngine> {
    validateRunModelConfig(config);
    const { B, T } = o, G = o.lossGroups ?? DEFAULT_LOSS_GROUPS;
    if (T > config.maxLen) throw new Error(`engine: T = ${T} exceeds the model's maxLen ${config.maxLen}`);
    // The adapter's per-buffer limits (a total budget is the caller's policy: see src/train/memoryPlan.ts).
    const excess = memoryExcess([estimateEngineMemory({ config, B, T, microBatches: 1, lossGroups: G, halfWeights: o.halfWeights })], limitsOf(ctx.adapter.limits, Infinity));
    if (excess) throw new Error(`engine for B = ${B}, T = ${T}: ${describeExcess(excess)}`);
    // Allocation and pipelines inside error scopes: an out-of-memory or validation error fails here, with its message.
    return ctx.scoped(`engine for B = ${B}, T = ${T}`, async () => {
      const bytesBefore = ctx.buffers.bytesInUse;
      const layout = buildLayout(config), trainable = trainableLayout(layout);
      // LoRA: the frozen base tensors apart, with no gradients nor moments.
      const params = FlatTensors.allocate(ctx, [['parameters', trainable], ['frozen parameters', frozenLayout(layout)]], config);
      const grads = FlatTensors.allocate(ctx, [['gradients', trainable]], config);
      const batch = new BatchBuffers(ctx, config, B, T, G);
      const acts = allocateActivations(ctx, config, B, T, G, reportFloats(G));
      const half = o.halfWeights ? await HalfWeights.create(ctx, config, params) : null;
      // The optimizer's pipelines compile while the model's kernels and plan do.
      const [{ kernels, plan }, optimizer] = await Promise.all([
        createEngineKernels(ctx, config, layout, B, T, G).then(async (kernels) => ({ kernels, plan: await buildModelPlan(kernels, config, B * T, params, grads, acts, batch.slices, half) })),
        Optimizer.create(ctx, trainable, o.optimizer, params.parts[0].buffer, grads.parts[0].buffer, acts.lossReport.binding),
      ]);
      const resets = {
        grads: kernels.zeroGradients.bind(grads.parts[0].buffer),
        loss: kernels.zeroLossSums.bind(acts.lossSums.binding),
      };
      return new TrainingEngine(ctx, config, B, T, params, grads, acts, batch, kernels, plan, optimizer, resets, half, bytesBefore);
    });
  }

  /** Bytes of GPU memory this engine holds (parameters, gradients, moments, activations, batch, scratch). */
  get gpuBytes(): number {
    return this.ctx.buffers.bytesInUse - this.bytesBefore;
  }

  /** Submissions, dispatches and readbacks so far on this engine's GPU context. */
  get counters(): { submits: number; dispatches: number; readbacks: number } {
    return { ...this.ctx.counters };
  }

  get optimizerSteps(): number {
    return this.optimizer.steps;
  }

  /** Loads parameters (flat layout) and resets the optimizer's moments and step count. */
  setParameters(p: Float32Array): void {
    if (p.length !== this.layout.totalSize) throw new Error(`setParameters: ${p.length} floats, the layout has ${this.layout.totalSize}`);
    this.params.write(this.ctx, this.layout, p);
    this.optimizer.reset();
    if (this.half) {
      const rec = new Recorder(this.ctx, 'f16 weights');
      for (const d of this.half.refresh) rec.dispatch(d);
      rec.submit();
    }
  }

  /** What ends a step: AdamW, then the f16 copies of the updated weights (with halfWeights). */
  private get update(): PreparedDispatch[] {
    return [...this.optimizer.dispatches, ...(this.half?.refresh ?? [])];
  }

  async getParameters(): Promise<Float32Array<ArrayBuffer>> {
    return this.params.read(this.ctx, this.layout);
  }

  /** The gradients of the last step or gradients() call (flat layout; a frozen tensor's are 0). */
  async readGradients(): Promise<Float32Array<ArrayBuffer>> {
    return this.grads.read(this.ctx, this.layout);
  }

  /** AdamW moments (laid out as trainableLayout) and step count (checkpoints); setOptimizerState after
   * setParameters to resume exactly. */
  getOptimizerState(): Promise<{ steps: number; m: Float32Array; v: Float32Array }> {
    return this.optimizer.state();
  }

  setOptimizerState(state: { steps: number; m: Float32Array; v: Float32Array }): void {
    this.optimizer.load(state);
  }

  /** Frozen tensors keep their values and moments; the gradient norm counts trainable tensors only. */
  setTrainable(trainable: TrainableFn): void {
    this.optimizer.setTrainable(trainable);
  }

  setOptimizerOptions(options: OptimizerOptions): void {
    this.optimizer.options = options;
  }


  /** Forward, loss and backward over the micro-batches into the gradient buffer, recorded on rec. */
  private recordGradients(rec: Recorder, microBatches: number): void {
    const p = this.plan;
    for (const d of [...this.resets.grads, ...this.resets.loss]) rec.dispatch(d);
    for (let i = 0; i < microBatches; i++) {
      this.batch.recordActivate(rec, i);
      for (const d of p.forward) rec.dispatch(d);
      for (const d of p.lossWithGradient) rec.dispatch(d);
      for (const d of p.backward) rec.dispatch(d);
    }
  }

  /** Submissions queued on the GPU that nobody has awaited yet (at most MAX_STEPS_IN_FLIGHT steps). */
  get inFlight(): number {
    return this.wait.inFlight;
  }

  /**
   * One optimizer step over one batch or several micro-batches (their gradients add up to the gradient of their
   * union: each loss group's mean is taken over all of them). One submission; no readback without wantMetrics.
   */
  async step(batches: Batch | Batch[], o: StepOptions = {}): Promise<StepMetrics | null> {
    await this.wait.throttle(MAX_STEPS_IN_FLIGHT);
    const micro = Array.isArray(batches) ? batches : [batches];
    const groups = micro[0]?.groupCoefficients.length ?? 0;
    this.batch.upload(micro);
    const step = this.optimizer.steps;
    const lr = this.optimizer.prepareStep();
    const rec = new Recorder(this.ctx, 'training step');
    this.recordGradients(rec, micro.length);
    for (const d of this.update) rec.dispatch(d);
    if (!o.wantMetrics) {
      rec.submit();
      this.wait.submitted('step');
      return null;
    }
    const rf = reportFloats(this.G);
    const words = await this.wait.readAfter(rec, 'step', [
      { buffer: this.acts.arena.gpuBuffer, offset: this.acts.lossReport.offset * 4, bytes: rf * 4 },
      { buffer: this.optimizer.clip, offset: 0, bytes: CLIP_FLOATS * 4 },
    ]);
    const flagged = words[rf + 2]; // 1-based step count, 0 for none
    return { step, lr, loss: this.lossReport(words, groups), clipScale: words[rf], gradNorm: words[rf + 1], firstNonFiniteStep: flagged > 0 ? flagged - 1 : null };
  }

  /** Forward, loss and backward without an update (the gradients stay for readGradients). */
  async gradients(batches: Batch | Batch[]): Promise<LossReport> {
    const micro = Array.isArray(batches) ? batches : [batches];
    this.batch.upload(micro);
    const rec = new Recorder(this.ctx, 'gradients');
    this.recordGradients(rec, micro.length);
    const words = await this.wait.readAfter(rec, 'gradients', [{ buffer: this.acts.arena.gpuBuffer, offset: this.acts.lossReport.offset * 4, bytes: reportFloats(this.G) * 4 }]);
    return this.lossReport(words, micro[0].groupCoefficients.length);
  }

  /** Forward and loss (no gradient). With `logits`, also the logits [H, N, V] of every output head. */
  async forward(batch: Batch, o: { logits?: boolean } = {}): Promise<{ loss: LossReport; logits?: Float32Array<ArrayBuffer> }> {
    this.batch.upload([batch]);
    const rec = new Recorder(this.ctx, 'forward');
    for (const d of [...this.resets.loss, ...this.plan.forward, ...this.plan.lossOnly]) rec.dispatch(d);
    const rf = reportFloats(this.G);
    const arena = this.acts.arena.gpuBuffer;
    const NV = this.B * this.T * this.config.vocabSize;
    // Head h's logits: its rows of its stack's logits.
    const logitRanges = o.logits ? this.stacks.flatMap((st, i) => Array.from({ length: st.size }, (_, j) => ({ buffer: arena, offset: (this.acts.stacks[i].out.logits.offset + j * NV) * 4, bytes: NV * 4 }))) : [];
    const words = await this.wait.readAfter(rec, 'forward', [{ buffer: arena, offset: this.acts.lossReport.offset * 4, bytes: rf * 4 }, ...logitRanges]);
    const loss = this.lossReport(words, batch.groupCoefficients.length);
    return o.logits ? { loss, logits: words.slice(rf, rf + logitRanges.length * NV) } : { loss };
  }

  /**
   * Softmax probabilities [T, T] of example b, head `head` in block `block` (trunk layers 0..L-1, then the extra
   * heads' blocks) as of the last forward pass.
   */
  async attentionProbabilities(block: number, b: number, head: number): Promise<Float32Array<ArrayBuffer>> {
    const L = this.config.nLayers, heads = this.stacks.reduce((n, st) => n + st.size, 0);
    if (!(Number.isInteger(block) && block >= 0 && block < L + heads - 1)) throw new Error(`attentionProbabilities: no block ${block} (${L + heads - 1} blocks)`);
    const key = `${block}/${b}/${head}`;
    let ds = this.probabilityDispatches.get(key);
    if (!ds) {
      // An extra head's block: example b of that head is example index·B + b of its stack's attention.
      const { stack, index } = block < L ? { stack: -1, index: 0 } : stackOfHead(this.stacks, block - L + 1);
      const a = stack < 0 ? this.acts.blocks[block] : this.acts.stacks[stack].block!;
      const view = stack < 0 ? this.batch.slices : stackView(this.batch.slices, this.stacks[stack]);
      const attention = stack < 0 ? this.kernels.attention : stackKernels(this.kernels, this.stacks[stack]).block.attention;
      ds = attention.bindProbabilities({ q: a.q.binding, k: a.k.binding, stats: a.stats.binding, kinds: view.kinds.binding, promptLen: view.promptLen.binding, probs: this.acts.probs.binding }, index * this.B + b, head);
      this.probabilityDispatches.set(key, ds);
    }
    const rec = new Recorder(this.ctx, 'attention probabilities');
    for (const d of ds) rec.dispatch(d);
    const TT = this.T * this.T;
    return (await this.wait.readAfter(rec, 'probabilities', [{ buffer: this.acts.arena.gpuBuffer, offset: this.acts.probs.offset * 4, bytes: TT * 4 }])).slice(0, TT);
  }

  /**
   * GPU time per kernel of one optimizer step on `batch` (each dispatch timed in its own pass). The step is real:
   * the parameters are updated.
   */
  async profileStep(batch: Batch): Promise<KernelTime[]> {
    this.batch.upload([batch]);
    this.optimizer.prepareStep();
    await this.finish();
    const p = this.plan;
    return profileDispatches(this.ctx, [...this.resets.grads, ...this.resets.loss, ...p.forward, ...p.lossWithGradient, ...p.backward, ...this.update]);
  }

  /** The KV-cache decoder over this engine's parameters (B sequences of up to T tokens), made on first use. */
  decoder(): Promise<KvDecoder> {
    this.kvDecoder ??= this.ctx.scoped('kv decoder', () => KvDecoder.create({
      ctx: this.ctx, config: this.config, layout: this.layout, B: this.B, T: this.T, params: this.params, acts: this.acts,
      batch: this.batch, inference: this.plan.inference, wait: this.wait,
    }));
    return this.kvDecoder;
  }

  /** Waits until every submitted step has run. */
  finish(): Promise<void> {
    return this.wait.idle();
  }

  private lossReport(words: Float32Array, groups: number): LossReport {
    const G = this.G;
    return {
      total: words[0],
      groupMeans: Array.from(words.subarray(1, 1 + groups)),
      groupWeights: Array.from(words.subarray(1 + G, 1 + G + groups)),
    };
  }

  destroy(): void {
    void this.kvDecoder?.then((d) => d.destroy(), () => undefined);
    this.kernels.destroy();
    this.params.destroy(this.ctx);
    this.grads.destroy(this.ctx);
    this.ctx.buffers.destroy(this.acts.arena.gpuBuffer);
    this.batch.destroy();
    this.optimizer.destroy();
    this.half?.destroy();
  }
}
