// GPU timing: timestamp queries around a recording where the adapter has them, wall clock around
// onSubmittedWorkDone otherwise. Either way the answer is milliseconds of GPU work for one submission.
import type { GpuContext } from './context';
import { Recorder } from './recorder';
import { Usage } from './buffers';

export interface TimedResult {
  ms: number;
  source: 'timestamp-query' | 'wall-clock';
}

/** Records `record(recorder)` into one submission and measures it. */
export async function timeSubmission(ctx: GpuContext, record: (rec: Recorder) => void, expectedMs = 0): Promise<TimedResult> {
  if (!ctx.hasTimestamps) {
    await ctx.idle();
    const t0 = performance.now();
    const rec = new Recorder(ctx, 'timed');
    record(rec);
    rec.submit();
    await ctx.idle(expectedMs);
    return { ms: performance.now() - t0, source: 'wall-clock' };
  }
  const device = ctx.device;
  const querySet = device.createQuerySet({ type: 'timestamp', count: 2 });
  const resolve = device.createBuffer({ size: 16, usage: GPUBufferUsage.QUERY_RESOLVE | GPUBufferUsage.COPY_SRC });
  const staging = device.createBuffer({ size: 16, usage: Usage.readback });
  try {
    // Begin on an empty first pass, end on an empty last pass: the interval spans every dispatch recorded between.
    const rec = new Recorder(ctx, 'timed');
    const enc = rec.commandEncoder;
    enc.beginComputePass({ timestampWrites: { querySet, beginningOfPassWriteIndex: 0 } }).end();
    record(rec);
    const enc2 = rec.commandEncoder;
    enc2.beginComputePass({ timestampWrites: { querySet, endOfPassWriteIndex: 1 } }).end();
    enc2.resolveQuerySet(querySet, 0, 2, resolve, 0);
    enc2.copyBufferToBuffer(resolve, 0, staging, 0, 16);
    rec.submit();
    if (ctx.isNode && expectedMs > 2) await new Promise((r) => setTimeout(r, expectedMs * 0.8));
    await ctx.guard(staging.mapAsync(GPUMapMode.READ));
    const [t0, t1] = new BigInt64Array(staging.getMappedRange());
    staging.unmap();
    return { ms: Number(t1 - t0) / 1e6, source: 'timestamp-query' };
  } finally {
    querySet.destroy();
    resolve.destroy();
    staging.destroy();
  }
}
