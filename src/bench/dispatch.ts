// Dispatch rows: what a submission and a dispatch cost on their own, whatever the kernel.
//   round trip: submit one 64-invocation dispatch, await onSubmittedWorkDone (wall clock)
//   in a pass:  the per-dispatch cost of 200 such dispatches recorded into one submission
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, Recorder, type PreparedDispatch } from '../gpu/recorder';
import { median, measure, type BenchProducer, type ProducedRow } from './row';

const touch = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> data: array<f32>;  // [64]
@compute @workgroup_size(64) fn main(@builtin(local_invocation_index) i: u32) { data[i] = data[i] + 1.0; }`;

const ROUND_TRIPS = 50;
const IN_PASS = 200;

async function roundTripMs(ctx: GpuContext, d: PreparedDispatch): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS + 5; i++) {
    const t0 = performance.now();
    const rec = new Recorder(ctx, 'round trip');
    rec.dispatch(d);
    rec.submit();
    await ctx.idle();
    if (i >= 5) times.push(performance.now() - t0);
  }
  return times;
}

export const dispatchBench: BenchProducer = {
  group: 'dispatch',
  summary: 'submit + onSubmittedWorkDone round trip, and the cost of one dispatch inside a submission',
  async run(ctx): Promise<ProducedRow[]> {
    const buf = ctx.buffers.create('dispatch bench', 64 * 4);
    try {
      const pipeline = await ctx.pipelines.get({ label: 'dispatch bench', code: touch });
      const d = prepareDispatch(ctx.device, { pipeline, bindings: [buf], workgroups: [1] });
      const trips = await roundTripMs(ctx, d);
      const inPass = await measure(ctx, (rec) => {
        for (let i = 0; i < IN_PASS; i++) rec.dispatch(d);
      });
      const perDispatch = inPass.medianMs / IN_PASS;
      return [
        { name: 'submit + onSubmittedWorkDone round trip', value: median(trips), unit: 'ms', medianMs: median(trips), minMs: Math.min(...trips), samples: trips.length, timing: 'wall-clock', params: { dispatches: 1 } },
        { name: 'one dispatch inside a submission', value: perDispatch * 1000, unit: 'µs', medianMs: perDispatch, minMs: inPass.minMs / IN_PASS, samples: inPass.samples, timing: inPass.timing, params: { dispatchesPerSubmission: IN_PASS } },
      ];
    } finally {
      ctx.buffers.destroy(buf);
    }
  },
};
