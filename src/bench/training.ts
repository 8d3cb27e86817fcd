// Training-step rows: whole optimizer steps of the engine (upload, forward, loss, backward, clip, AdamW) at three
// model sizes, the default model (vocab 64, dModel 64, 4 layers, 4 heads, dFF 172, T 64, B 32) among them, and
// per-kernel GPU time of one default-model step. Steps are submitted back to back without metrics, as a trainer
// does between metric reads, and timed by wall clock around them (the engine sleeps through most of the wait).
import type { GpuContext } from '../gpu/context';
import { defaultModelConfig, type ModelConfig } from '../model/config';
import { TrainingEngine } from '../engine/trainingEngine';
import type { KernelTime } from '../engine/profile';
import { methodConfig, type MethodKind } from '../methods/registry';
import { modelConfigFor } from '../methods/params';
import type { RunModelConfig } from '../model/methodTensors';
import { randomEngineBatch } from '../engine/testing';
import { initParameters } from '../reference/init';
import { defaultOptimizerOptions } from '../model/schedule';
import { createRng } from '../util/random';
import { median, type BenchProducer, type ProducedRow } from './row';

export interface TrainingCase {
  model: string;
  method: MethodKind;
  /** The base model with the tensors the method adds at its paper defaults (src/methods/params.ts). */
  config: RunModelConfig;
  B: number;
  T: number;
  /** f16 copies of the projection weights (EngineOptions.halfWeights). */
  halfWeights?: boolean;
}

const base = defaultModelConfig;
export const trainingCase = (model: string, method: MethodKind, size: ModelConfig, B: number, T: number): TrainingCase => ({
  model, method, config: modelConfigFor(size, methodConfig(method)), B, T,
});
const cases: TrainingCase[] = [
  trainingCase('small (d32, 2 layers)', 'mutor', { ...base, dModel: 32, nLayers: 2, nHeads: 2, dFF: 86 }, 16, 32),
  trainingCase('default (d64, 4 layers)', 'ntp', base, 32, 64),
  trainingCase('default (d64, 4 layers)', 'mutor', base, 32, 64),
  trainingCase('default (d64, 4 layers)', 'multiTokenHeads', base, 32, 64),
  trainingCase('default (d64, 4 layers)', 'deepseekMtp', base, 32, 64),
  trainingCase('wide (d128, 6 layers)', 'mutor', { ...base, dModel: 128, nLayers: 6, nHeads: 8, dFF: 344, maxLen: 128 }, 8, 128),
];

const STEPS_PER_SAMPLE = 4;
const SAMPLES = 5;
const PROFILES = 5;

/** Timing of a case: SAMPLES samples of STEPS_PER_SAMPLE steps each (more where steps are fast), after a warm-up. */
export interface CaseTiming {
  samples: number;
  stepsPerSample: number;
}

/** The warm-up runs at least 2 steps (pipelines, first waits) and this long: a GPU's clocks ramp up from idle (an
 * H200 idles at 345 MHz), and 2 steps of 6 ms left the first case measured at each size 1.4-3.3× the later ones. */
const WARM_UP_MS = 300;
/** A sample runs at least this long: 2 steps of a few milliseconds are mostly timer and scheduling noise. */
const MIN_SAMPLE_MS = 100;
const MAX_STEPS_PER_SAMPLE = 1000;

/** Steps per sample: as asked, or more where the warm-up's steps were fast. On a CPU rasterizer (steps of 0.1-10 s)
 * this is the asked number. */
export function stepsPerSample(asked: number, warmUpMsPerStep: number): number {
  return Math.max(asked, Math.min(MAX_STEPS_PER_SAMPLE, Math.ceil(MIN_SAMPLE_MS / Math.max(warmUpMsPerStep, 1e-3))));
}

/** Runs `step` (its argument counts the steps) for the warm-up: at least 2 steps and WARM_UP_MS; returns the steps per
 * sample for `asked` (stepsPerSample of the warm-up's pace). */
export async function warmUp(step: (i: number) => Promise<unknown>, asked: number): Promise<number> {
  const w0 = performance.now();
  let steps = 0;
  while (steps < 2 || performance.now() - w0 < WARM_UP_MS) await step(steps++);
  return stepsPerSample(asked, (performance.now() - w0) / steps);
}

export async function measureCase(ctx: GpuContext, c: TrainingCase, timing: CaseTiming = { samples: SAMPLES, stepsPerSample: STEPS_PER_SAMPLE }): Promise<ProducedRow> {
  const engine = await TrainingEngine.create(ctx, c.config, { B: c.B, T: c.T, optimizer: defaultOptimizerOptions, halfWeights: c.halfWeights });
  try {
    engine.setParameters(initParameters(c.config, 1));
    const rng = createRng(7);
    const batches = Array.from({ length: Math.max(2, timing.stepsPerSample) }, () => randomEngineBatch(c.config, c.B, c.T, rng));
    const k = await warmUp((i) => engine.step(batches[i % batches.length], { wantMetrics: true }), timing.stepsPerSample);
    const before = engine.counters;
    const times: number[] = [];
    for (let s = 0; s < timing.samples; s++) {
      const t0 = performance.now();
      for (let i = 0; i < k; i++) await engine.step(batches[i % batches.length]);
      await engine.finish();
      times.push((performance.now() - t0) / k);
    }
    const after = engine.counters, steps = timing.samples * k;
    const ms = median(times), tokens = c.B * c.T;
    return {
      name: `${c.model} ${c.method} step${c.halfWeights ? ' f16' : ''}`,
      value: tokens / (ms / 1000),
      unit: 'tokens/s',
      medianMs: ms,
      minMs: Math.min(...times),
      samples: timing.samples,
      timing: 'wall-clock',
      params: {
        model: c.model, method: c.method, B: c.B, T: c.T, tokens, parameters: engine.layout.parameterCount,
        msPerStep: Number(ms.toFixed(2)),
        bestTokensPerSec: Math.round(tokens / (Math.min(...times) / 1000)),
        dispatchesPerStep: (after.dispatches - before.dispatches) / steps,
        submitsPerStep: (after.submits - before.submits) / steps,
        readbacksPerStep: (after.readbacks - before.readbacks) / steps,
        gpuBytes: engine.gpuBytes,
      },
    };
  } finally {
    engine.destroy();
  }
}

/** Per-kernel GPU time of one default-model MuToR step over PROFILES profiles (each dispatch in its own pass):
 * median and best; ordered by best, with its share of the sum of bests (other load only ever adds time). */
async function profileRows(ctx: GpuContext): Promise<ProducedRow[]> {
  const c = cases[2];
  const engine = await TrainingEngine.create(ctx, c.config, { B: c.B, T: c.T, optimizer: defaultOptimizerOptions });
  try {
    engine.setParameters(initParameters(c.config, 1));
    const batch = randomEngineBatch(c.config, c.B, c.T, createRng(3));
    await engine.step(batch, { wantMetrics: true });
    const profiles: KernelTime[][] = [];
    for (let i = 0; i < PROFILES; i++) profiles.push(await engine.profileStep(batch));
    const kernels = profiles[0].map((k) => {
      const all = profiles.map((p) => p.find((x) => x.label === k.label)?.ms ?? 0);
      return { label: k.label, count: k.count, ms: median(all), minMs: Math.min(...all) };
    }).sort((a, b) => b.minMs - a.minMs);
    const total = kernels.reduce((n, k) => n + k.minMs, 0);
    return kernels.map((k) => ({
      name: `default step: ${k.label}`, value: k.ms, unit: 'ms', medianMs: k.ms, minMs: k.minMs, samples: profiles.length,
      timing: 'timestamp-query' as const, params: { dispatches: k.count, shareOfStep: `${((100 * k.minMs) / total).toFixed(1)}%` },
    }));
  } finally {
    engine.destroy();
  }
}

export const trainingBench: BenchProducer = {
  group: 'training',
  summary: 'whole training steps (forward, backward, AdamW) in tokens/s at three model sizes; dispatches, submits, readbacks, bytes',
  async run(ctx) {
    const rows: ProducedRow[] = [];
    for (const c of cases) rows.push(await measureCase(ctx, c));
    return rows;
  },
};

export const trainingProfileBench: BenchProducer = {
  group: 'training-profile',
  summary: 'GPU milliseconds per kernel of one default-model training step (timestamp queries, one pass per dispatch)',
  run: profileRows,
};
