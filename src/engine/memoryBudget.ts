// Whether engines fit the adapter before anything is allocated: every buffer within maxBufferSize, every bound range
// within maxStorageBufferBindingSize, and everything held at once within a total budget. WebGPU does not say how
// much memory an adapter has, so the total is a stated budget (DEFAULT_GPU_BUDGET, changed by `mutor --gpu-budget`
// or the page's setting), not a measurement.
import type { EngineMemory } from './memoryEstimate';

/** 2 GiB: what an integrated GPU or a browser tab can be expected to give one page. */
export const DEFAULT_GPU_BUDGET = 2 * 1024 ** 3;

export interface MemoryLimits {
  maxBufferSize: number;
  maxStorageBufferBindingSize: number;
  /** Bytes all engines held at once may take together (Infinity: no budget, the adapter's limits only). */
  budget: number;
}

export interface MemoryExcess {
  /** What is too large: one buffer, one bound range, or the total. */
  what: string;
  bytes: number;
  limit: number;
  limitName: string;
}

export function formatBytes(n: number): string {
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(0)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}

/** The adapter's limits from a record of them (GpuContext.adapter.limits) and a budget. */
export function limitsOf(adapterLimits: Record<string, number>, budget: number): MemoryLimits {
  return { maxBufferSize: adapterLimits.maxBufferSize, maxStorageBufferBindingSize: adapterLimits.maxStorageBufferBindingSize, budget };
}

/** The first limit that engines held at once (on top of `inUse` bytes already held) exceed, or null. */
export function memoryExcess(engines: readonly EngineMemory[], limits: MemoryLimits, inUse = 0): MemoryExcess | null {
  for (const b of engines.flatMap((e) => e.buffers)) {
    if (b.bytes > limits.maxBufferSize) return { what: `its ${b.label} buffer`, bytes: b.bytes, limit: limits.maxBufferSize, limitName: "the adapter's maxBufferSize" };
    if (b.largestBinding > limits.maxStorageBufferBindingSize) {
      return { what: `a range of its ${b.label} buffer`, bytes: b.largestBinding, limit: limits.maxStorageBufferBindingSize, limitName: "the adapter's maxStorageBufferBindingSize" };
    }
  }
  const total = inUse + engines.reduce((n, e) => n + e.totalBytes, 0);
  if (total > limits.budget) return { what: inUse > 0 ? 'with the runs already on the GPU, the total' : 'the total', bytes: total, limit: limits.budget, limitName: 'the GPU memory budget' };
  return null;
}

export function describeExcess(e: MemoryExcess): string {
  return `${e.what} would take ${formatBytes(e.bytes)}, over ${e.limitName} of ${formatBytes(e.limit)}`;
}

/** What a run trains: all its parameters, those AdamW updates, and the GPU bytes LoRA saves against full
 * fine-tuning of the same run (0 without LoRA). */
export interface TrainedShare {
  parameters: number;
  trainedParameters: number;
  loraSavedBytes: number;
}

/** '12,345 of 210,000 parameters trained (5.9%), 3.1 MiB less GPU memory than full fine-tuning' (LoRA), or
 * '210,000 parameters, all trained'. */
export function describeTrainedShare(s: TrainedShare): string {
  const n = (x: number) => x.toLocaleString('en-US');
  if (s.trainedParameters === s.parameters) return `${n(s.parameters)} parameters, all trained`;
  const share = `${n(s.trainedParameters)} of ${n(s.parameters)} parameters trained (${((100 * s.trainedParameters) / s.parameters).toFixed(1)}%)`;
  const saved = s.loraSavedBytes >= 0 ? `${formatBytes(s.loraSavedBytes)} less` : `${formatBytes(-s.loraSavedBytes)} more`;
  return `${share}, ${saved} GPU memory than full fine-tuning`;
}
