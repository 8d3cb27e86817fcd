// A run trained by an exported PyTorch job, brought back: its metrics (metricsFile.ts) and, when the job finished and
// its final weights are given, those weights loaded into our engine and evaluated on the experiment's test split like
// a run trained here. Shared by `mutor import-run` (files on disk, src/cli/torchImport.ts) and the page's drop zone
// (the engine Worker, src/worker/engine.worker.ts).
import type { GpuContext } from '../gpu/context';
import type { ExperimentConfig } from '../experiment/schema';
import { buildLayout } from '../model/layout';
import type { BaseModel } from '../train/baseModel';
import { splitsFor } from '../train/data';
import type { EvaluationResult } from '../train/evaluate';
import { runSummary } from '../train/loop';
import type { RunSummary } from '../train/metrics';
import { TrainingRun } from '../train/run';
import { runShape } from '../train/runShape';
import type { TorchRunMetrics } from './metricsFile';

export interface TorchImport {
  evaluation: EvaluationResult | null;
  summary: RunSummary;
  /** The final weights in the run's layout (registers / heads included), or null when none were given. */
  weights: Float32Array | null;
  /** The engine the weights were evaluated on: the caller destroys it. */
  run: TrainingRun;
}

/** `weights`: the bytes of the file the metrics' "end" line names (float32, little-endian, our flat layout), or null. */
export async function importTorchMetrics(
  ctx: GpuContext, m: TorchRunMetrics, exp: ExperimentConfig, base: BaseModel, weights: { name: string; bytes: Uint8Array } | null,
): Promise<TorchImport> {
  // The weights are checked before any GPU work: a wrong file is refused at once.
  const { config } = runShape(exp, m.method, base.config, splitsFor(exp));
  const params = weights ? readWeights(weights.name, weights.bytes, buildLayout(config).totalSize) : null;
  const run = await TrainingRun.create(ctx, exp, m.method, base);
  try {
    run.step = m.steps.length;
    let evaluation: EvaluationResult | null = null;
    if (params) {
      run.engine.setParameters(params);
      evaluation = await run.evaluate();
    }
    const last = m.steps[m.steps.length - 1];
    const summary = runSummary(run, { loss: last.loss, testAccuracy: evaluation?.point.testAccuracy ?? null, wallMs: m.wallMs });
    return { evaluation, summary, weights: params, run };
  } catch (e) {
    run.destroy();
    throw e;
  }
}

function readWeights(name: string, bytes: Uint8Array, size: number): Float32Array {
  if (bytes.length !== size * 4) throw new Error(`${name} holds ${bytes.length} bytes; this run's model has ${size} floats (${size * 4} bytes)`);
  const out = new Float32Array(size), view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < size; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
