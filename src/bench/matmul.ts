// Matmul rows: GFLOP/s of every variant this device can run (at its default width) and of the autotuned choice
// (createMatmul's default: the fastest variant and width per shape class, timed on this device), on square sizes and
// on the small transformer's shapes, plus the default model's whole set of per-step matmuls in one submission (an upper bound on tokens/s
// from the matmuls alone), and that set again with f16 weights. Small shapes repeat inside one submission, as in a training step, so per-submission
// overhead does not hide the kernel.
import type { GpuContext } from '../gpu/context';
import type { PreparedDispatch, Recorder } from '../gpu/recorder';
import { timeLongEnough } from '../gpu/timedRepeats';
import { timeSubmission } from '../gpu/timing';
import { createRng } from '../util/random';
import { defaultModelConfig, type ModelConfig } from '../model/config';
import { createMatmul, type MatmulOptions, type MatmulShape } from '../kernels/matmul';
import { describeShape } from '../kernels/matmulShape';
import { kernelSelection } from '../kernels/select';
import { toHalf } from '../util/half';
import { measure, type BenchProducer, type ProducedRow } from './row';

/** Rows of square products from `first`: every size up to `always`, then doubled up to 4096 while the last took under
 * 10 ms: a fast GPU reaches its peak only on products far larger than a CPU rasterizer can time within a bench run. */
export async function timeSquares(first: number, always: number, timeOne: (n: number) => Promise<ProducedRow>): Promise<ProducedRow[]> {
  const rows = [await timeOne(first)];
  for (let n = first; n < always || (n < 4096 && rows.at(-1)!.medianMs < 10); n *= 2) rows.push(await timeOne(n * 2));
  return rows;
}
/** tokens = 2048: forward x·W, backward dY·Wᵀ and Xᵀ·dY (+=), the tied LM head x·Eᵀ. */
const TRANSFORMER: MatmulShape[] = [
  { M: 2048, N: 256, K: 64 },
  { M: 2048, N: 64, K: 256 },
  { M: 2048, N: 64, K: 64 },
  { M: 2048, N: 172, K: 64 },
  { M: 2048, N: 64, K: 172, transB: true },
  { M: 64, N: 172, K: 2048, transA: true, accumulate: true },
  { M: 2048, N: 64, K: 64, transB: true },
  { M: 2048, N: 37, K: 64, transB: true },
];
/** Submissions of small shapes hold about this many FLOPs (repeats of the same dispatch). */
const FLOPS_PER_SUBMISSION = 2e8;

/** Every matmul of one training step (forward, dX, dW) for a model config at `tokens` tokens, as the engine
 * dispatches them (src/engine/blockLayer.ts): q/k/v and gate/up batched, their input gradients summed. `halfB`: the
 * blocks' forward and dX matmuls read f16 weights (EngineOptions.halfWeights). */
export function modelStepShapes(c: ModelConfig, tokens: number, halfB = false): MatmulShape[] {
  const { dModel: C, dFF: F, vocabSize: V } = c;
  const block: MatmulShape[] = [
    { M: tokens, N: C, K: C, batch: 3, halfB }, { M: tokens, N: C, K: C, accumulate: true, halfB }, // q/k/v, Wo
    { M: tokens, N: F, K: C, batch: 2, halfB }, { M: tokens, N: C, K: F, accumulate: true, halfB }, // gate/up, Wdown
    { M: tokens, N: F, K: C, transB: true, halfB }, { M: F, N: C, K: tokens, transA: true, accumulate: true }, // Wdown: dX, dW
    { M: tokens, N: C, K: F, transB: true, batch: 2, sum: true, halfB }, { M: C, N: F, K: tokens, transA: true, accumulate: true, batch: 2 },
    { M: tokens, N: C, K: C, transB: true, halfB }, { M: C, N: C, K: tokens, transA: true, accumulate: true }, // Wo
    { M: tokens, N: C, K: C, transB: true, batch: 3, sum: true, halfB }, { M: C, N: C, K: tokens, transA: true, accumulate: true, batch: 3 },
  ];
  const shapes = Array.from({ length: c.nLayers }, () => block).flat();
  // Tied head: logits = x·Eᵀ, dX = dLogits·E, dE += dLogitsᵀ·x.
  shapes.push({ M: tokens, N: V, K: C, transB: true }, { M: tokens, N: C, K: V }, { M: V, N: C, K: tokens, transA: true, accumulate: true });
  return shapes;
}

interface Bound {
  dispatches: PreparedDispatch[];
  flops: number;
  free(): void;
}

async function bindMatmuls(ctx: GpuContext, shapes: MatmulShape[], opts: MatmulOptions): Promise<Bound & { configs: Set<string> }> {
  const buffers: GPUBuffer[] = [];
  const dispatches: PreparedDispatch[] = [];
  const configs = new Set<string>();
  const rng = createRng(1);
  let flops = 0;
  for (const s of shapes) {
    const kernel = await createMatmul(ctx, s, opts);
    configs.add(kernel.config);
    const [a, b, c] = [s.M * s.K, s.K * s.N, s.M * s.N].map((n, i) => {
      const values = Float32Array.from({ length: n }, () => rng.next() * 2 - 1);
      return ctx.buffers.upload('bench', i === 1 && s.halfB ? toHalf(values) : values);
    });
    buffers.push(a, b, c);
    dispatches.push(...kernel.bind(a, b, c));
    flops += kernel.flops;
  }
  return { dispatches, flops, configs, free: () => buffers.forEach((b) => ctx.buffers.destroy(b)) };
}

/** A variant at its default width, or the autotuned config of each shape. */
export type Way = MatmulOptions['variant'] | 'autotune';

export async function row(ctx: GpuContext, name: string, shapes: MatmulShape[], way: Way, repeats: number, params: ProducedRow['params']): Promise<ProducedRow> {
  const bound = await bindMatmuls(ctx, shapes, way === 'autotune' ? {} : { variant: way });
  try {
    const record = (rec: Recorder, n: number) => {
      for (let r = 0; r < n; r++) for (const d of bound.dispatches) rec.dispatch(d);
    };
    // More repeats where one submission is too short for the timer (a GPU), after a warm-up that compiles.
    await timeSubmission(ctx, (rec) => record(rec, repeats));
    repeats = (await timeLongEnough(ctx, record, repeats)).repeats;
    const m = await measure(ctx, (rec) => record(rec, repeats));
    const ms = m.medianMs / repeats;
    return { name, value: bound.flops / ms / 1e6, unit: 'GFLOP/s', medianMs: ms, minMs: m.minMs / repeats, samples: m.samples, timing: m.timing, params: { way: way!, configs: [...bound.configs].join(','), dispatchesPerSubmission: repeats * bound.dispatches.length, ...params } };
  } finally {
    bound.free();
  }
}

export const matmulBench: BenchProducer = {
  group: 'matmul',
  summary: 'GFLOP/s per variant: square sizes, small-transformer shapes, one training step of the default model',
  async run(ctx) {
    const ways: Way[] = [...(await kernelSelection(ctx)).available, 'autotune'];
    const rows: ProducedRow[] = [];
    for (const way of ways) {
      rows.push(...(await timeSquares(256, 1024, (n) => row(ctx, `${n}³ ${way}`, [{ M: n, N: n, K: n }], way, 1, { shape: `${n}×${n}×${n}` }))));
      for (const s of TRANSFORMER) {
        const repeats = Math.max(1, Math.round(FLOPS_PER_SUBMISSION / (2 * s.M * s.N * s.K)));
        rows.push(await row(ctx, `${describeShape(s)} ${way}`, [s], way, repeats, { shape: describeShape(s) }));
      }
      const c = defaultModelConfig, tokens = 2048;
      const shapes = modelStepShapes(c, tokens);
      const step = await row(ctx, `model step matmuls ${way}`, shapes, way, 1, { matmuls: shapes.length, tokens, dModel: c.dModel, dFF: c.dFF, nLayers: c.nLayers, vocab: c.vocabSize });
      step.params.tokensPerSecond = Math.round(tokens / (step.medianMs / 1000));
      rows.push(step);
    }
    // The same step with the forward and dX matmuls reading f16 weights, beside the f32 autotune row above.
    const c = defaultModelConfig, tokens = 2048, shapes = modelStepShapes(c, tokens, true);
    rows.push(await row(ctx, 'model step matmuls autotune f16 B', shapes, 'autotune', 1, { matmuls: shapes.length, tokens, f16B: shapes.filter((s) => s.halfB).length }));
    return rows;
  },
};
