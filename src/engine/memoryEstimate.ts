// The GPU memory a TrainingEngine of one shape will hold, computed before anything is allocated, from the same
// layout table and arena plans the engine allocates from (parameters.ts, activations.ts, batchBuffers.ts,
// kvDecoder.ts, optimizer.ts). Pure: no GPU. Sizes are rounded as BufferPool rounds them.
// Shapes: N = B·T tokens, P = floats of the flat parameter layout, Pt = the trained tensors' (P without LoRA),
// H = output heads (the method's), V = vocabSize.
//   resident   parameters [P] (with LoRA: trained [Pt] and frozen apart), gradients [Pt]; Adam m, v, mask [Pt]; activations (one arena: per block [N, C] and [N, F]
//              rows, per head logits [N, V], ...); the batch slot (and micro-batch staging); attention D [B·nh·T]
//              (and [S·B·nh·T] for a stack of S heads, headStacks.ts);
//              the KV-cache decoder's caches [L, 2, B·T·C] and its rows, made at the first evaluation; with f16
//              weights their copies (halfWeights.ts)
//   transient  the largest readback: the logits of every head [H, N, V] that teacher-forced evaluation reads back
// Not counted: the kernels' uniform buffers (16 bytes each, a few hundred at most; KERNEL_UNIFORM_ALLOWANCE covers
// them) and readbacks smaller than the largest.
import { adamwPartialFloats, CLIP_FLOATS, HYPER_WORDS } from '../kernels/adamw';
import { reportFloats } from '../kernels/crossEntropy';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import { buildLayout, frozenLayout, trainableLayout } from '../model/layout';
import { planActivations } from './activations';
import type { Arena } from './arena';
import { planBatchSlot } from './batchBuffers';
import { planDecoderArenas } from './kvDecoder';
import { planHalfWeights } from './halfWeights';
import { headStacks, largestStack } from './headStacks';

/** Loss-group slots an engine reserves unless told otherwise (next token, registers/extra heads, spares). */
export const DEFAULT_LOSS_GROUPS = 4;

/** Bytes the kernels' uniform buffers may add on top of the listed buffers (measured: under 1 KiB on the test shapes). */
export const KERNEL_UNIFORM_ALLOWANCE = 64 * 1024;

export interface EngineShape {
  /** The model with the method's register rows / extra heads. */
  config: RunModelConfig;
  B: number;
  T: number;
  /** Micro-batches per optimizer step (gradient accumulation): more than one adds a staging buffer. */
  microBatches: number;
  lossGroups?: number;
  /** f16 copies of the projection weights (EngineOptions.halfWeights). */
  halfWeights?: boolean;
}

export interface BufferEstimate {
  label: string;
  /** Bytes of the buffer (BufferPool's rounding). */
  bytes: number;
  /** Bytes of the largest range any kernel binds as one storage buffer (0: never bound, only copied). */
  largestBinding: number;
  /** False for a readback staging buffer that lives only while it is read. */
  resident: boolean;
}

export interface EngineMemory {
  buffers: BufferEstimate[];
  /** Resident bytes (what BufferPool counts for the engine once it has evaluated) plus the largest transient one. */
  totalBytes: number;
  residentBytes: number;
}

/** As BufferPool.create rounds: a multiple of 16, at least 16. */
export function pooledBytes(bytes: number): number {
  return Math.max(16, Math.ceil(bytes / 16) * 16);
}

function buffer(label: string, bytes: number, largestBinding = bytes, resident = true): BufferEstimate {
  return { label, bytes: pooledBytes(bytes), largestBinding, resident };
}

/** An arena as one buffer: its bytes, and its largest slice as the largest binding. */
function arenaBuffer(arena: Arena): BufferEstimate {
  return buffer(arena.label, arena.totalSize * 4, arena.largestSlice * 4);
}

export function estimateEngineMemory(s: EngineShape): EngineMemory {
  const { config, B, T } = s;
  const G = s.lossGroups ?? DEFAULT_LOSS_GROUPS;
  const layout = buildLayout(config), H = outputHeads(config), N = B * T;
  const P = trainableLayout(layout).totalSize, frozen = frozenLayout(layout).totalSize;
  const acts = planActivations(config, B, T, G, reportFloats(G));
  const batch = planBatchSlot(config, B, T, G);
  const slotBytes = batch.arena.totalSize * 4;
  const buffers: BufferEstimate[] = [
    buffer('parameters', P * 4),
    ...(frozen > 0 ? [buffer('frozen parameters', frozen * 4)] : []),
    buffer('gradients', P * 4),
    buffer('adam m', P * 4),
    buffer('adam v', P * 4),
    buffer('trainable mask', P * 4),
    buffer('grad norm partials', adamwPartialFloats(P) * 4),
    buffer('clip', CLIP_FLOATS * 4),
    buffer('adam hyperparameters', HYPER_WORDS * 4, 0),
    arenaBuffer(acts.arena),
    arenaBuffer(batch.arena),
    buffer('attention D', B * config.nHeads * T * 4),
  ];
  // A stack of S > 1 heads has its own attention over S·B sequences (kernels.ts).
  const S = largestStack(headStacks(config, N));
  if (S > 1) buffers.push(buffer('attention D', S * B * config.nHeads * T * 4));
  if (s.halfWeights) buffers.push(buffer('f16 weights', planHalfWeights(config).totalHalves * 2));
  if (s.microBatches > 1) buffers.push(buffer('batch staging', (s.microBatches - 1) * slotBytes, 0));
  const decoder = planDecoderArenas(config, B, T);
  buffers.push(
    arenaBuffer(decoder.inputArena),
    arenaBuffer(decoder.state),
    buffer('kv decoder readback', B * config.vocabSize * 4, 0),
  );
  buffers.push(buffer('logits readback', (reportFloats(G) + H * N * config.vocabSize) * 4, 0, false));
  const residentBytes = buffers.filter((b) => b.resident).reduce((n, b) => n + b.bytes, 0);
  const transient = buffers.filter((b) => !b.resident).reduce((m, b) => Math.max(m, b.bytes), 0);
  return { buffers, residentBytes, totalBytes: residentBytes + transient };
}
