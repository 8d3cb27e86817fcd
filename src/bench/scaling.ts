// Scaling rows: whole training steps at about 0.2M, 1M, 4M and 10M parameters (d 64-384, T 64-256), NTP, MuToR
// and the Multi-Token heads on the same engine and random batches, next to this adapter's best matmul GFLOP/s:
//   best matmul       the autotuned matmul on 512³ (the adapter's practical peak; 1024³ is no faster on lavapipe)
//   step matmuls      every matmul of one NTP step of that model (forward, dX, dW, tied head) in one submission
//   <method> step     whole optimizer steps, wall clock: tokens/s and achieved GFLOP/s (matmul and attention FLOPs
//                     of the step / its time), and that as a share of the best matmul
//   <method> / NTP    step-time ratios measured in the same run (MuToR here at NTP's T: its registers take token
//                     slots of the same batch; the method-cost rows measure real layouts)
//   ... f16           the step matmuls and the NTP step with f16 weights (EngineOptions.halfWeights), and their
//                     time as a ratio to the f32 NTP step
import type { GpuContext } from '../gpu/context';
import { defaultModelConfig, type ModelConfig } from '../model/config';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import type { MethodKind } from '../methods/registry';
import { matmulFlops } from '../kernels/matmulShape';
import { modelStepShapes, row, timeSquares } from './matmul';
import { measureCase, trainingCase } from './training';
import type { BenchProducer, ProducedRow } from './row';

export interface ScalingSize {
  label: string;
  config: ModelConfig;
  B: number;
  T: number;
}

const base = defaultModelConfig;
export const scalingSizes: ScalingSize[] = [
  { label: '0.2M', config: base, B: 32, T: 64 },
  { label: '1M', config: { ...base, dModel: 128, nLayers: 5, nHeads: 4, dFF: 344, maxLen: 128 }, B: 8, T: 128 },
  { label: '4M', config: { ...base, dModel: 256, nLayers: 5, nHeads: 8, dFF: 688, maxLen: 128 }, B: 4, T: 128 },
  { label: '10M', config: { ...base, dModel: 384, nLayers: 6, nHeads: 6, dFF: 1024, maxLen: 256 }, B: 2, T: 256 },
];

/** Each method with the tensors it adds at its paper defaults (the Multi-Token heads: 3 extra heads). */
const METHODS: MethodKind[] = ['ntp', 'mutor', 'multiTokenHeads'];

/** Matmul and attention FLOPs of one training step: each extra head is one more block and one more LM head. */
export function stepFlops(c: RunModelConfig, B: number, T: number): number {
  const extra = outputHeads(c) - 1, tokens = B * T;
  const blocks = modelStepShapes({ ...c, nLayers: c.nLayers + extra }, tokens);
  const head = modelStepShapes({ ...c, nLayers: 0 }, tokens);
  const matmul = [...blocks, ...Array.from({ length: extra }, () => head).flat()].reduce((n, s) => n + matmulFlops(s), 0);
  // Attention per block: scores Q·Kᵀ and P·V forward (2·2·T²·d per sequence), twice that backward.
  const attention = 12 * B * T * T * c.dModel * (c.nLayers + extra);
  return matmul + attention;
}

/** With f16 weights: the step matmuls and the NTP step, with their ratios to the f32 rows of the same run. */
async function halfRows(ctx: GpuContext, z: ScalingSize, best: number, f32Matmuls: number, f32StepMs: number): Promise<ProducedRow[]> {
  const shapes = modelStepShapes(z.config, z.B * z.T, true);
  const mm = await row(ctx, `${z.label} step matmuls f16 B`, shapes, 'autotune', 1, { matmuls: shapes.length, tokens: z.B * z.T });
  Object.assign(mm.params, { shareOfBest: Number((mm.value / best).toFixed(2)), vsF32: Number((mm.value / f32Matmuls).toFixed(2)) });
  const step = await measureCase(ctx, { ...trainingCase(z.label, 'ntp', z.config, z.B, z.T), halfWeights: true }, { samples: 3, stepsPerSample: 2 });
  const ratio: ProducedRow = { name: `${z.label} ntp step f16 / f32 time`, value: step.medianMs / f32StepMs, unit: '×', medianMs: step.medianMs, samples: 3, timing: 'wall-clock', params: { model: z.label } };
  return [mm, step, ratio];
}

/** The autotuned square matmul at 512³ (1024³ is no faster on lavapipe), and larger where it is fast (a GPU): the best. */
async function bestMatmul(ctx: GpuContext): Promise<ProducedRow> {
  const rows = await timeSquares(512, 512, (n) => row(ctx, `best matmul (${n}³)`, [{ M: n, N: n, K: n }], 'autotune', 1, { shape: `${n}×${n}×${n}` }));
  return rows.reduce((a, b) => (b.value > a.value ? b : a));
}

export function scalingBench(sizes: ScalingSize[] = scalingSizes): BenchProducer {
  return {
    group: 'scaling',
    summary: 'whole steps at 0.2M-10M parameters: tokens/s, GFLOP/s and its share of the best matmul; MuToR and heads / NTP',
    async run(ctx) {
      const best = await bestMatmul(ctx);
      const rows: ProducedRow[] = [best];
      for (const z of sizes) {
        const shapes = modelStepShapes(z.config, z.B * z.T);
        const mm = await row(ctx, `${z.label} step matmuls`, shapes, 'autotune', 1, { matmuls: shapes.length, tokens: z.B * z.T });
        mm.params.shareOfBest = Number((mm.value / best.value).toFixed(2));
        rows.push(mm);
        const ms = new Map<MethodKind, number>();
        for (const method of METHODS) {
          const c = trainingCase(z.label, method, z.config, z.B, z.T);
          const r = await measureCase(ctx, c, { samples: 3, stepsPerSample: 2 });
          const gflops = stepFlops(c.config, z.B, z.T) / r.medianMs / 1e6;
          Object.assign(r.params, { dModel: c.config.dModel, nLayers: c.config.nLayers, GFLOPs: Number(gflops.toFixed(2)), shareOfBest: Number((gflops / best.value).toFixed(2)) });
          rows.push(r);
          ms.set(method, r.medianMs);
        }
        for (const method of METHODS.slice(1)) {
          rows.push({ name: `${z.label} ${method} / ntp step time`, value: ms.get(method)! / ms.get('ntp')!, unit: '×', medianMs: ms.get(method)!, samples: 3, timing: 'wall-clock', params: { model: z.label } });
        }
        rows.push(...(await halfRows(ctx, z, best.value, mm.value, ms.get('ntp')!)));
      }
      return rows;
    },
  };
}
