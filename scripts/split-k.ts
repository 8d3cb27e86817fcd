// What split-K does to the weight-gradient matmuls of one training step (dW += Xᵀ·dY, K = tokens, batched as the
// engine dispatches them: src/bench/matmul.ts modelStepShapes) on this device: each shape's autotuned config, then the
// same config forced to split k into 4 and 16 chunks; samples interleaved (one of each config per round), the median
// of ROUNDS, each sample repeating the matmul until the unsplit one takes at least 1 ms (timedRepeats.ts).
//   npx tsx scripts/split-k.ts [rounds]        (default 9)   prints one JSON line per shape
import { createNodeGpuContext } from '../src/gpu/node';
import type { Recorder } from '../src/gpu/recorder';
import { timeLongEnough } from '../src/gpu/timedRepeats';
import { timeSubmission } from '../src/gpu/timing';
import { median } from '../src/bench/row';
import { modelStepShapes } from '../src/bench/matmul';
import { defaultModelConfig } from '../src/model/config';
import { tunedConfig } from '../src/kernels/autotune';
import { createMatmul } from '../src/kernels/matmul';
import { describeShape } from '../src/kernels/matmulShape';

const ROUNDS = Number(process.argv[2] ?? 9);
const SPLITS = [4, 16];

const ctx = await createNodeGpuContext({ tuningCache: false });
const shapes = new Map(modelStepShapes(defaultModelConfig, 2048).filter((s) => s.transA).map((s) => [describeShape(s), s]));
for (const [name, s] of shapes) {
  const { batch: _z, sum: _sum, ...product } = s;
  const base = (await tunedConfig(ctx, product)).config;
  const configs = [base, ...SPLITS.map((split) => ({ ...base, split }))];
  const buffers = [s.M * s.K, s.K * s.N, s.M * s.N].map((n) => ctx.buffers.create('split-k', n * 4 * (s.batch ?? 1)));
  const ranges = (b: GPUBuffer, n: number) => Array.from({ length: s.batch ?? 1 }, (_, z) => ({ buffer: b, offset: z * n * 4, size: n * 4 }));
  const kernels = await Promise.all(configs.map((config) => createMatmul(ctx, s, { config })));
  const dispatches = kernels.map((k) => k.bind(ranges(buffers[0], s.M * s.K), ranges(buffers[1], s.K * s.N), ranges(buffers[2], s.M * s.N)));
  const record = (i: number) => (rec: Recorder, repeats: number) => {
    for (let r = 0; r < repeats; r++) for (const d of dispatches[i]) rec.dispatch(d);
  };
  for (const i of configs.keys()) await timeSubmission(ctx, (rec) => record(i)(rec, 1)); // warm-up: compiles
  const { repeats } = await timeLongEnough(ctx, record(0), 1);
  const samples: number[][] = configs.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const i of configs.keys()) samples[i].push((await timeSubmission(ctx, (rec) => record(i)(rec, repeats))).ms / repeats);
  }
  const ms = Object.fromEntries(kernels.map((k, i) => [k.config, +median(samples[i]).toFixed(4)]));
  console.log(JSON.stringify({ shape: name, repeats, rounds: ROUNDS, medianMsPerMatmul: ms, adapter: ctx.adapter.description }));
  buffers.forEach((b) => ctx.buffers.destroy(b));
}
ctx.destroy();
