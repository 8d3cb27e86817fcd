// A run trained by an exported PyTorch job, brought back (mutor import-run): its metrics.jsonl becomes a saved run of
// `mutor experiment`'s format (src/cli/experiment/runner.ts), and its final weights, when the job wrote them, are
// loaded into our engine and evaluated on the experiment's test split like a run trained here.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GpuContext } from '../gpu/context';
import { tasks } from '../tasks';
import { parseTorchMetrics } from '../torch/metricsFile';
import { runSummary } from '../train/loop';
import { TrainingRun } from '../train/run';
import type { EvaluationResult } from '../train/evaluate';
import { ConfigError } from './args';
import { sampleGenerationsOf, type SavedRun } from './experiment/runner';
import { loadBaseModelNode, loadExperiment } from './loadExperiment';

export interface ImportedRun {
  saved: SavedRun;
  /** The final weights in the run's layout (registers / heads included), or null when the job wrote none. */
  weights: Float32Array | null;
  run: TrainingRun;
}

/** The caller destroys `run` (it holds the engine the weights were evaluated on). */
export async function importTorchRun(ctx: GpuContext, metricsPath: string, o: { root: string; modelPath?: string }): Promise<ImportedRun> {
  if (!existsSync(metricsPath)) throw new ConfigError(`metrics file ${metricsPath} not found`);
  const m = parseTorchMetrics(readFileSync(metricsPath, 'utf8'), metricsPath);
  const exp = loadExperiment(m.link, undefined);
  const base = await loadBaseModelNode(exp, o.modelPath, o.root);
  const run = await TrainingRun.create(ctx, exp, m.method, base);
  try {
    run.step = m.steps.length;
    const weights = m.weights === null ? null : readWeights(join(dirname(metricsPath), m.weights), run.engine.layout.totalSize);
    let evaluation: EvaluationResult | null = null;
    if (weights) {
      run.engine.setParameters(weights);
      evaluation = await run.evaluate();
    }
    const last = m.steps[m.steps.length - 1];
    const saved: SavedRun = {
      method: m.method, seed: m.seed, link: m.link, split: 'test', validationSize: 0, adapter: m.adapter,
      steps: m.steps,
      evals: evaluation ? [evaluation.point] : [],
      summary: runSummary(run, { loss: last.loss, testAccuracy: evaluation?.point.testAccuracy ?? null, wallMs: m.wallMs }),
      wallMs: m.wallMs,
      sampleGenerations: evaluation ? sampleGenerationsOf(evaluation.generations, tasks[exp.task.name]?.grid !== undefined) : [],
    };
    return { saved, weights, run };
  } catch (e) {
    run.destroy();
    throw e;
  }
}

function readWeights(path: string, size: number): Float32Array {
  if (!existsSync(path)) throw new ConfigError(`the metrics name final weights ${path}, which are missing`);
  const bytes = readFileSync(path);
  if (bytes.length !== size * 4) throw new ConfigError(`${path} holds ${bytes.length} bytes; this run's model has ${size} floats (${size * 4} bytes)`);
  const out = new Float32Array(size), view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < size; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}
