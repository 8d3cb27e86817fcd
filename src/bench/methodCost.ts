// What each method of the registry costs per optimizer step on the same model and the same examples: the star-graph
// preset's batches laid out by each method (MuToR's registers make its sequences longer: T 57 vs 49 here), timed
// through the trainer's own path (TrainingRun: batch building, upload, step), and each method's ratio to the
// baseline (NTP). The paper measured MuToR at about 1.4× NTP.
import type { GpuContext } from '../gpu/context';
import { presetById } from '../experiment/presets';
import { BASELINE_METHOD, METHOD_KINDS, methodOf, type MethodKind } from '../methods/registry';
import { TrainingRun } from '../train/run';
import { scratchModel } from '../train/baseModel';
import { median, type BenchProducer, type ProducedRow } from './row';
import { warmUp } from './training';

const STEPS_PER_SAMPLE = 4;
const SAMPLES = 5;
/** Room for the warm-up and the samples' steps where steps are fast (a GPU: more steps per sample, training.ts). */
const MAX_STEPS = 40_000;

async function stepMs(ctx: GpuContext, method: MethodKind): Promise<{ ms: number[]; T: number; B: number; overhead: number }> {
  // The star graph at the paper's path length 5 (T 49 for NTP, 57 with registers), the shape BENCHMARKS.md reports.
  const exp = structuredClone(presetById('star-graph')!.config);
  exp.task.knobs = { ...exp.task.knobs, pathLength: 5 };
  exp.data.trainSize = 2000;
  exp.steps = MAX_STEPS;
  const run = await TrainingRun.create(ctx, exp, method, scratchModel(1));
  try {
    // Warm-up: pipelines, the first waits, a GPU's clocks; then samples of at least 100 ms where steps are fast.
    const k = await warmUp(() => run.trainStep(true), STEPS_PER_SAMPLE);
    const ms: number[] = [];
    for (let s = 0; s < SAMPLES; s++) {
      const t0 = performance.now();
      for (let i = 0; i < k - 1; i++) await run.trainStep(false);
      await run.trainStep(true); // the last step of a sample reads its loss: the GPU has caught up
      ms.push((performance.now() - t0) / k);
    }
    return { ms, T: run.maxT, B: run.maxBatch, overhead: run.parameterOverhead };
  } finally {
    run.destroy();
  }
}

export const methodCostBench: BenchProducer = {
  group: 'method-cost',
  summary: 'every text method (MuToR: registers before every answer token, d_max 4) on the same star-graph examples; step time of each / NTP',
  async run(ctx) {
    const rows: ProducedRow[] = [];
    const medians = new Map<MethodKind, number>();
    // Methods for images only (MuToR-2D) cannot lay out the star graph.
    const methods = METHOD_KINDS.filter((m) => methodOf(m).gridOnly !== true);
    for (const method of methods) {
      const r = await stepMs(ctx, method);
      const ms = median(r.ms);
      medians.set(method, ms);
      rows.push({
        name: `star graph ${method} step`, value: ms, unit: 'ms/step', medianMs: ms, minMs: Math.min(...r.ms), samples: SAMPLES,
        timing: 'wall-clock', params: { method, B: r.B, T: r.T, tokensPerSec: Math.round((r.B * r.T) / (ms / 1000)), parameterOverhead: r.overhead },
      });
    }
    for (const method of methods.filter((m) => m !== BASELINE_METHOD)) {
      const ratio = medians.get(method)! / medians.get(BASELINE_METHOD)!;
      rows.push({
        name: `${method} / ${BASELINE_METHOD} step time`, value: ratio, unit: '×', medianMs: medians.get(method)!, samples: SAMPLES,
        timing: 'wall-clock', params: { paper: methodOf(method).paperStepCost ?? 'n/a' },
      });
    }
    return rows;
  },
};
