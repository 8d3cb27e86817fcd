// Per-kernel GPU time of a dispatch list: each dispatch in its own compute pass with timestamps at the pass's
// beginning and end, one submission, one readback. Pass boundaries add a little time of their own, so the sum
// is somewhat above the time of the same list in one pass; use it for shares, not for throughput.
import type { GpuContext } from '../gpu/context';
import { Usage } from '../gpu/buffers';
import type { PreparedDispatch } from '../gpu/recorder';

export interface KernelTime {
  label: string;
  /** Total milliseconds over the dispatches with this label. */
  ms: number;
  count: number;
}

const MAX_QUERIES = 4096;

/** Times every dispatch; returns totals per label, largest first. Needs the timestamp-query feature. */
export async function profileDispatches(ctx: GpuContext, dispatches: PreparedDispatch[]): Promise<KernelTime[]> {
  if (!ctx.hasTimestamps) throw new Error('profile: this device has no timestamp-query feature');
  if (2 * dispatches.length > MAX_QUERIES) throw new Error(`profile: ${dispatches.length} dispatches exceed ${MAX_QUERIES / 2}`);
  const device = ctx.device, count = 2 * dispatches.length;
  const querySet = device.createQuerySet({ type: 'timestamp', count });
  const resolve = device.createBuffer({ size: count * 8, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: count * 8, usage: Usage.readback });
  try {
    const encoder = device.createCommandEncoder({ label: 'profile' });
    dispatches.forEach((d, i) => {
      const pass = encoder.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 2 * i, endOfPassWriteIndex: 2 * i + 1 } });
      pass.setPipeline(d.pipeline);
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(...d.workgroups);
      pass.end();
    });
    encoder.resolveQuerySet(querySet, 0, count, resolve, 0);
    encoder.copyBufferToBuffer(resolve, 0, staging, 0, count * 8);
    ctx.submit([encoder.finish()]);
    ctx.counters.dispatches += dispatches.length;
    ctx.counters.readbacks++;
    await ctx.guard(staging.mapAsync(GPUMapMode.READ));
    const stamps = new BigInt64Array(staging.getMappedRange().slice(0));
    const byLabel = new Map<string, KernelTime>();
    dispatches.forEach((d, i) => {
      const label = d.label ?? 'unlabelled';
      const t = byLabel.get(label) ?? { label, ms: 0, count: 0 };
      t.ms += Number(stamps[2 * i + 1] - stamps[2 * i]) / 1e6;
      t.count++;
      byLabel.set(label, t);
    });
    return [...byLabel.values()].sort((a, b) => b.ms - a.ms);
  } finally {
    querySet.destroy();
    resolve.destroy();
    staging.destroy();
  }
}

/** Kernel families as a reader knows them, by the leading word of a dispatch label ('matmul ...', 'rmsnormBackward'). */
const FAMILY_NAMES: Readonly<Record<string, string>> = {
  cross: 'cross-entropy',
  loss: 'loss reduction',
  adamw: 'optimizer (AdamW)',
  grad: 'optimizer (AdamW)',
  kv: 'KV cache',
};

export function kernelFamily(label: string): string {
  const lead = /^[a-z0-9]+/.exec(label)?.[0] ?? label;
  return FAMILY_NAMES[lead] ?? lead;
}

/** Per-kernel times summed by family (matmul, attention, rmsnorm, ...), largest first. */
export function byFamily(times: readonly KernelTime[]): KernelTime[] {
  const families = new Map<string, KernelTime>();
  for (const t of times) {
    const label = kernelFamily(t.label);
    const f = families.get(label) ?? { label, ms: 0, count: 0 };
    f.ms += t.ms;
    f.count += t.count;
    families.set(label, f);
  }
  return [...families.values()].sort((a, b) => b.ms - a.ms);
}
