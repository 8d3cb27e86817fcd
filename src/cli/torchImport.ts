// `mutor import-run`'s reading side: a PyTorch job's metrics.jsonl and the final weights its "end" line names, from
// disk, through the import shared with the page (src/torch/importRun.ts), as a saved run of `mutor experiment`'s
// format (src/cli/experiment/runner.ts).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { GpuContext } from '../gpu/context';
import { tasks } from '../tasks';
import { importTorchMetrics } from '../torch/importRun';
import { parseTorchMetrics } from '../torch/metricsFile';
import type { TrainingRun } from '../train/run';
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
  const weightsPath = m.weights === null ? null : join(dirname(metricsPath), m.weights);
  if (weightsPath && !existsSync(weightsPath)) throw new ConfigError(`the metrics name final weights ${weightsPath}, which are missing`);
  const weights = weightsPath ? { name: weightsPath, bytes: readFileSync(weightsPath) } : null;
  const { evaluation, summary, weights: params, run } = await importTorchMetrics(ctx, m, exp, base, weights);
  const saved: SavedRun = {
    method: m.method, seed: m.seed, link: m.link, split: 'test', validationSize: 0, adapter: m.adapter,
    steps: m.steps,
    evals: evaluation ? [evaluation.point] : [],
    summary,
    wallMs: m.wallMs,
    sampleGenerations: evaluation ? sampleGenerationsOf(evaluation.generations, tasks[exp.task.name]?.grid !== undefined) : [],
  };
  return { saved, weights: params, run };
}
