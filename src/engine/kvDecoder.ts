// Incremental decoding with a KV cache on the training engine's own parameters (registers dropped, head 0 only):
//   prefill  the engine's inference forward (embedding, trunk, head 0) over the prompts laid out as in training
//            (kind prompt: the bidirectional prefix mask), then every trunk layer's RoPE'd K and V [B·T, C] copied
//            into the cache, and the logits of each prompt's last token read back.
//   step     one new token per sequence at its own cache slot p (no registers): x0 = embed(ids) [B, C]; per layer
//            rms, q/k/v [B, C] = xn·W, RoPE at the token's position (p in 1D; its [row, col] with 2D RoPE, the
//            prefix's and an image cell's: positionOf), k and v written to slot p, the query attends slots 0..p (a
//            causal answer token), Wo, MLP; logits [B, V] = rms(h_L)·lmHead.
// The blocks and the head are the training engine's (blockForward, outputForward) at N = B with the cache as their
// attention. Everything is allocated at creation for B sequences of up to Tmax = the engine's T tokens; a step is
// one buffer write (ids, positions), one submission and one readback of [B, V] logits into a staging buffer kept for
// it. One session at a time owns the cache (opening a new one retires the old).
// Shapes: B sequences, Tmax slots, C = dModel, nh heads, hd head width, V = vocabSize, L trunk layers.
import type { GpuContext } from '../gpu/context';
import { Usage } from '../gpu/buffers';
import { Recorder, type PreparedDispatch } from '../gpu/recorder';
import { createKvCache, kvCacheFloats } from '../kernels/kvCache';
import { positionComponents, headDim } from '../model/config';
import type { RunModelConfig } from '../model/methodTensors';
import type { ParameterLayout } from '../model/layout';
import { buildInferenceBatch } from '../mutor/packBatch';
import type { Grid } from '../tasks/task';
import type { DecodeSession } from '../model/logitsModel';
import { takeAdapterU, takeBlockForward, takeHeadOutput, type Activations } from './activations';
import { Arena } from './arena';
import type { BatchBuffers } from './batchBuffers';
import { blockForward, blockShape, type AttendFn } from './blockLayer';
import type { GpuWait } from './gpuWait';
import { createTokenKernels } from './kernels';
import { outputForward } from './outputLayer';
import type { FlatTensors } from './parameters';
import { KvSession, type KvCacheSteps } from './kvSession';

/** What the decoder borrows from its TrainingEngine: parameters, the prefill's buffers and plan, the GPU wait. */
export interface EngineParts {
  ctx: GpuContext;
  config: RunModelConfig;
  layout: ParameterLayout;
  B: number;
  T: number;
  params: FlatTensors;
  acts: Activations;
  batch: BatchBuffers;
  /** The engine's inference forward (ModelPlan.inference) over its batch buffers. */
  inference: PreparedDispatch[];
  wait: GpuWait;
}

/** The decoder's two arenas for B sequences of up to T tokens, reserved but not allocated (memoryEstimate.ts sizes them). */
export function planDecoderArenas(config: RunModelConfig, B: number, T: number) {
  const L = config.nLayers, C = config.dModel;
  const cacheFloats = kvCacheFloats({ B, nHeads: config.nHeads, headDim: headDim(config), Tmax: T });
  // ids [B] u32, pos [B] (cache slots; also the RoPE positions in 1D), zeros [B] (the prefill's start slots),
  // rope [B·2] (the RoPE positions of a 2D model).
  const inputArena = new Arena('kv decoder inputs');
  const ids = inputArena.take('ids', B), pos = inputArena.take('pos', B), zeros = inputArena.take('zeros', B);
  const rope = positionComponents(config) === 2 ? inputArena.take('rope positions', 2 * B) : pos;
  const state = new Arena('kv decoder');
  const caches = Array.from({ length: L }, (_, l) => ({ k: state.take(`cache${l}.k`, cacheFloats), v: state.take(`cache${l}.v`, cacheFloats) }));
  const x0 = state.take('x0', B * C);
  const adapterU = takeAdapterU(state, B, config);
  const blocks = Array.from({ length: L }, (_, l) => takeBlockForward(state, `layers.${l}`, B, config, adapterU));
  const head = takeHeadOutput(state, 'head', B, config);
  return { inputArena, ids, pos, zeros, rope, state, caches, x0, blocks, head };
}

export class KvDecoder implements KvCacheSteps {
  readonly B: number;
  readonly Tmax: number;
  private owner: KvSession | null = null;

  private constructor(
    private readonly parts: EngineParts,
    private readonly inputs: { arena: Arena; words: Uint32Array<ArrayBuffer>; ids: number; pos: number; rope: number },
    private readonly state: Arena,
    private readonly staging: GPUBuffer,
    private readonly prefillWrites: PreparedDispatch[],
    private readonly stepDispatches: PreparedDispatch[],
    private readonly logitsOffset: number,
  ) {
    this.B = parts.B;
    this.Tmax = parts.T;
  }

  static async create(parts: EngineParts): Promise<KvDecoder> {
    const { ctx, config, layout, B, T, params, acts } = parts;
    const L = config.nLayers, V = config.vocabSize;
    const [k, kv] = await Promise.all([
      createTokenKernels(ctx, config, layout, B),
      createKvCache(ctx, { B, nHeads: config.nHeads, headDim: headDim(config), Tmax: T }, [1, T]),
    ]);

    const { inputArena, ids, pos, zeros, rope, state, caches, x0, blocks, head } = planDecoderArenas(config, B, T);
    inputArena.allocate(ctx);
    state.allocate(ctx);
    const staging = ctx.buffers.create('kv decoder readback', B * V * 4, Usage.readback);

    const prefillWrites = caches.flatMap((c, l) => kv.bindWrite(T, acts.blocks[l].k.binding, acts.blocks[l].v.binding, zeros.binding, c.k.binding, c.v.binding));
    const shape = blockShape(config, B);
    const stepDispatches = [...k.embed.forward(ids.binding, params, x0.binding)];
    for (let l = 0; l < L; l++) {
      const c = caches[l];
      const attend: AttendFn = (q, kNew, vNew, ya) => [
        ...kv.bindWrite(1, kNew, vNew, pos.binding, c.k.binding, c.v.binding),
        ...kv.bindAttend(q, c.k.binding, c.v.binding, pos.binding, ya),
      ];
      const input = (l === 0 ? x0 : blocks[l - 1].out).binding;
      stepDispatches.push(...(await blockForward(k, shape, [params.block(`layers.${l}`)], input, blocks[l], rope.binding, attend)));
    }
    stepDispatches.push(...(await outputForward(k, config, B, params, blocks[L - 1].out.binding, head)));
    const inputs = { arena: inputArena, words: new Uint32Array(inputArena.totalSize), ids: ids.offset, pos: pos.offset, rope: rope.offset };
    return new KvDecoder(parts, inputs, state, staging, prefillWrites, stepDispatches, head.logits.offset);
  }

  /** Dispatches one decode step records. */
  get dispatchesPerStep(): number {
    return this.stepDispatches.length;
  }

  /**
   * A decoding session for 1..B prompts of 1..Tmax tokens each, their answers laid out on `grid` for an image task;
   * it owns the cache until the next open().
   */
  open(prompts: number[][], grid?: Grid): DecodeSession {
    if ((positionComponents(this.parts.config) === 2) !== Boolean(grid)) throw new Error('kv decoder: a model with 2D RoPE decodes images (a grid), a 1D model text');
    const session = new KvSession(this, prompts, this.parts.config.vocabSize, grid);
    this.owner = session;
    return session;
  }

  /** Throws unless `session` is the one that owns the cache. */
  checkOwner(session: KvSession): void {
    if (this.owner !== session) throw new Error('kv decoder: a newer decoding session took over this cache');
  }

  /** Encodes the prompts (rows past them are pads) into the cache; logits [prompts, V] of each one's last token. */
  async prefill(prompts: number[][]): Promise<Float32Array> {
    const { ctx, config, acts, batch, inference, wait } = this.parts;
    const { B, Tmax } = this, V = config.vocabSize;
    batch.upload([buildInferenceBatch([...prompts, ...Array.from({ length: B - prompts.length }, () => [])], config, Tmax)]);
    const rec = new Recorder(ctx, 'kv prefill');
    for (const d of [...inference, ...this.prefillWrites]) rec.dispatch(d);
    const logits = acts.stacks[0].out.logits;
    const rows = prompts.map((p, b) => ({ buffer: acts.arena.gpuBuffer, offset: (logits.offset + (b * Tmax + p.length - 1) * V) * 4, bytes: V * 4 }));
    return wait.readAfter(rec, 'prefill', rows, this.staging);
  }

  /**
   * Feeds ids[b] into cache slot slots[b] of every sequence b < B, at RoPE positions rope[b·P ..] (P components;
   * in 1D they are the slots); logits [B, V] of the next tokens.
   */
  async step(ids: ArrayLike<number>, slots: ArrayLike<number>, rope: ArrayLike<number>): Promise<Float32Array> {
    const { ctx, config, wait } = this.parts;
    const { words } = this.inputs;
    words.set(ids, this.inputs.ids);
    words.set(slots, this.inputs.pos);
    if (this.inputs.rope !== this.inputs.pos) words.set(rope, this.inputs.rope);
    ctx.buffers.write(this.inputs.arena.gpuBuffer, words);
    const rec = new Recorder(ctx, 'kv decode step');
    for (const d of this.stepDispatches) rec.dispatch(d);
    const bytes = this.B * config.vocabSize * 4;
    return wait.readAfter(rec, 'decode', [{ buffer: this.state.gpuBuffer, offset: this.logitsOffset * 4, bytes }], this.staging);
  }

  destroy(): void {
    this.owner = null;
    for (const b of [this.inputs.arena.gpuBuffer, this.state.gpuBuffer, this.staging]) this.parts.ctx.buffers.destroy(b);
  }
}
