// The batch on the GPU: one packed "slot" of 32-bit words per micro-batch, sections 256-byte aligned so each binds
// as a range. Slot 0 is the buffer every kernel reads; micro-batch i > 0 of an accumulated step is written to a
// staging buffer and copied over slot 0 inside the step's submission, just before its forward pass, so one set of
// prepared dispatches serves every micro-batch. Shapes: N = B·T, P = position components, H = output heads.
//   ids [N]  positions [N·P]  kinds [N]  promptLen [B]
//   per head stack of S heads (headStacks.ts): targets [S·N], weights [S·N] (f32), groups [S·N], head-major
//   lossParams [2G] (f32, see crossEntropy.ts)  embedding CSR: rowStart [V+R+1], tokenList [N]
//   a stack of S > 1 heads: positions [S·N·P], kinds [S·N], promptLen [S·B], the batch's repeated S times
//   sequential heads (DeepSeek-V3 MTP), per extra head k: the batch shifted k tokens (src/model/lookahead.ts):
//   ids [N], kinds [N], promptLen [B] and their embedding CSR
import type { GpuContext } from '../gpu/context';
import type { Recorder } from '../gpu/recorder';
import type { Batch } from '../model/batch';
import { checkBatch } from '../model/batch';
import { positionComponents } from '../model/config';
import { outputHeads, registerRows, sequentialHeads, type RunModelConfig } from '../model/methodTensors';
import { headStacks, largestStack, type HeadStack } from './headStacks';
import { shiftedSequence } from '../model/lookahead';
import { embeddingSegments } from '../kernels/embedding';
import { lossParameters } from '../kernels/crossEntropy';
import { Arena, type ArenaSlice } from './arena';

/** Where each section of the batch lives in slot 0 (use `.binding` to bind it). */
export interface BatchSlices {
  ids: ArenaSlice;
  positions: ArenaSlice;
  kinds: ArenaSlice;
  promptLen: ArenaSlice;
  /** Per head stack: targets, weights, groups of its heads' [S·N] rows. */
  stacks: StackTargets[];
  /** What a stack of S > 1 heads attends with: the batch's positions, kinds and promptLen repeated S times (null
   * without such a stack). */
  repeated: RepeatedSlices | null;
  lossParams: ArenaSlice;
  rowStart: ArenaSlice;
  tokenList: ArenaSlice;
  /** Sequential heads: extra head k's view of the batch at index k - 1 (none otherwise). */
  shifted: ShiftedSlices[];
}

export interface StackTargets {
  targets: ArenaSlice;
  weights: ArenaSlice;
  groups: ArenaSlice;
}

export interface RepeatedSlices {
  /** S, the stack's heads. */
  copies: number;
  positions: ArenaSlice;
  kinds: ArenaSlice;
  promptLen: ArenaSlice;
}

/** What a block's attention and an embedding lookup read from the batch. */
export interface ShiftedSlices {
  ids: ArenaSlice;
  kinds: ArenaSlice;
  promptLen: ArenaSlice;
  rowStart: ArenaSlice;
  tokenList: ArenaSlice;
}

/** What a block reads from the batch: RoPE positions, and the mask's kinds and promptLen. */
export interface AttentionView {
  positions: ArenaSlice;
  kinds: ArenaSlice;
  promptLen: ArenaSlice;
}

/** What head stack `stack`'s block attends with: the batch repeated for a stack of several heads, the batch shifted
 * for a sequential head, else the batch itself (also the trunk's view). */
export function stackView(batch: BatchSlices, stack: HeadStack): AttentionView {
  if (stack.size > 1) {
    if (!batch.repeated || batch.repeated.copies !== stack.size) throw new Error(`batch: no repeated rows for a stack of ${stack.size} heads`);
    return batch.repeated;
  }
  return batch.shifted.length > 0 && stack.hasBlock ? { ...batch.shifted[stack.first - 1], positions: batch.positions } : batch;
}

/** One batch slot's sections, reserved but not allocated (memoryEstimate.ts sizes it from this). */
export function planBatchSlot(config: RunModelConfig, B: number, T: number, G: number): { arena: Arena; slices: BatchSlices } {
  const N = B * T, a = new Arena('batch'), rows = config.vocabSize + registerRows(config), P = positionComponents(config);
  const stacks = headStacks(config, N);
  const S = largestStack(stacks);
  const shifted = (k: number): ShiftedSlices => ({
    ids: a.take(`ids+${k}`, N), kinds: a.take(`kinds+${k}`, N), promptLen: a.take(`promptLen+${k}`, B),
    rowStart: a.take(`rowStart+${k}`, rows + 1), tokenList: a.take(`tokenList+${k}`, N),
  });
  const slices: BatchSlices = {
    ids: a.take('ids', N),
    positions: a.take('positions', N * P),
    kinds: a.take('kinds', N),
    promptLen: a.take('promptLen', B),
    stacks: stacks.map((st, i) => ({ targets: a.take(`targets${i}`, st.size * N), weights: a.take(`weights${i}`, st.size * N), groups: a.take(`groups${i}`, st.size * N) })),
    repeated: S > 1 ? { copies: S, positions: a.take('positions×S', S * N * P), kinds: a.take('kinds×S', S * N), promptLen: a.take('promptLen×S', S * B) } : null,
    lossParams: a.take('lossParams', 2 * G),
    rowStart: a.take('rowStart', rows + 1),
    tokenList: a.take('tokenList', N),
    shifted: sequentialHeads(config) ? Array.from({ length: outputHeads(config) - 1 }, (_, i) => shifted(i + 1)) : [],
  };
  return { arena: a, slices };
}

export class BatchBuffers {
  readonly slices: BatchSlices;
  private readonly arena: Arena;
  private staging: GPUBuffer | null = null;
  private stagingSlots = 0;
  private readonly H: number;
  private readonly rows: number;
  private readonly stacks: HeadStack[];

  constructor(private readonly ctx: GpuContext, private readonly config: RunModelConfig, readonly B: number, readonly T: number, readonly G: number) {
    this.H = outputHeads(config);
    this.rows = config.vocabSize + registerRows(config);
    this.stacks = headStacks(config, B * T);
    ({ arena: this.arena, slices: this.slices } = planBatchSlot(config, B, T, G));
    this.arena.allocate(ctx);
  }

  private get slotBytes(): number {
    return this.arena.totalSize * 4;
  }

  /** Throws unless the batch fits this engine's shapes, ids, targets and kinds. */
  check(b: Batch): void {
    if (b.B !== this.B || b.T !== this.T) throw new Error(`batch is ${b.B}x${b.T}, the engine was built for ${this.B}x${this.T}`);
    checkBatch(b, this.H, positionComponents(this.config));
    const V = this.config.vocabSize;
    for (let i = 0; i < b.targets.length; i++) {
      if (b.targets[i] >= V || b.targets[i] < -1) throw new Error(`batch: target ${b.targets[i]} at ${i} is outside [-1, ${V})`);
    }
    for (let i = 0; i < b.kinds.length; i++) if (b.kinds[i] > 3) throw new Error(`batch: kind ${b.kinds[i]} at ${i} is not a TokenKind`);
    for (let i = 0; i < b.B; i++) if (b.promptLen[i] > b.T) throw new Error(`batch: promptLen ${b.promptLen[i]} of sequence ${i} exceeds T = ${b.T}`);
  }

  private pack(b: Batch, lossParams: Float32Array<ArrayBuffer>): Uint32Array<ArrayBuffer> {
    const words = new Uint32Array(this.arena.totalSize);
    const floats = new Float32Array(words.buffer);
    const l = this.slices, N = this.B * this.T;
    words.set(b.inputIds, l.ids.offset);
    words.set(b.positions, l.positions.offset);
    words.set(b.kinds, l.kinds.offset);
    words.set(b.promptLen, l.promptLen.offset);
    l.stacks.forEach((at, i) => {
      const { first, size } = this.stacks[i], rows = [first * N, (first + size) * N] as const;
      words.set(b.targets.subarray(...rows), at.targets.offset);
      floats.set(b.weights.subarray(...rows), at.weights.offset);
      words.set(b.lossGroups.subarray(...rows), at.groups.offset);
    });
    if (l.repeated) {
      const r = l.repeated;
      for (let s = 0; s < r.copies; s++) {
        words.set(b.positions, r.positions.offset + s * b.positions.length);
        words.set(b.kinds, r.kinds.offset + s * N);
        words.set(b.promptLen, r.promptLen.offset + s * b.B);
      }
    }
    floats.set(lossParams, l.lossParams.offset);
    const packIds = (ids: Int32Array, at: { rowStart: ArenaSlice; tokenList: ArenaSlice }) => {
      const { rowStart, tokenList } = embeddingSegments(ids, this.rows);
      words.set(rowStart, at.rowStart.offset);
      words.set(tokenList, at.tokenList.offset);
    };
    packIds(b.inputIds, l);
    l.shifted.forEach((at, i) => {
      const view = shiftedSequence(b, i + 1);
      words.set(view.inputIds, at.ids.offset);
      words.set(view.kinds, at.kinds.offset);
      words.set(view.promptLen, at.promptLen.offset);
      packIds(view.inputIds, at);
    });
    return words;
  }

  /** Validates and writes the micro-batches of one step (slot 0 directly, the rest to staging). */
  upload(batches: Batch[]): void {
    if (batches.length === 0) throw new Error('step: no batch given');
    for (const b of batches) this.check(b);
    const lossParams = lossParameters(batches, this.G);
    const packed = batches.map((b) => this.pack(b, lossParams));
    this.ctx.buffers.write(this.arena.gpuBuffer, packed[0]);
    if (batches.length === 1) return;
    if (this.stagingSlots < batches.length - 1) {
      if (this.staging) this.ctx.buffers.destroy(this.staging);
      this.stagingSlots = batches.length - 1;
      this.staging = this.ctx.buffers.create('batch staging', this.stagingSlots * this.slotBytes);
    }
    packed.slice(1).forEach((p, i) => this.ctx.buffers.write(this.staging!, p, i * this.slotBytes));
  }

  /** Records the copy that makes micro-batch i (>= 1) the active one. */
  recordActivate(rec: Recorder, i: number): void {
    if (i === 0) return;
    rec.copy(this.staging!, (i - 1) * this.slotBytes, this.arena.gpuBuffer, 0, this.slotBytes);
  }

  destroy(): void {
    this.ctx.buffers.destroy(this.arena.gpuBuffer);
    if (this.staging) this.ctx.buffers.destroy(this.staging);
  }
}
