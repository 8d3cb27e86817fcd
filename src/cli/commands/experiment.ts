// `mutor experiment`: every method × seed of one experiment, resumable. The run in progress is checkpointed in
// <out>/ckpt-<method>-seed<seed>/ (every --checkpoint-every steps, default every evaluation) and resumed from there
// when the command is run again; each finished run is saved as <out>/run-<method>-seed<seed>.json and skipped. At
// the end <out>/results.json (experiment, share link, runs, per-method mean / min / max / std of final accuracy) and
// <out>/curves.svg + .png. --snapshots keeps attention and horizon snapshots at every evaluation and the trained
// model beside each run (src/cli/experiment/snapshotFiles.ts): what the page's gallery is made from.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { createNodeGpuContext } from '../../gpu/node';
import { encodeLink } from '../../experiment';
import { applySetOverrides, parseSeeds } from '../experiment/runner';
import { METHOD_KINDS } from '../../methods/registry';
import { mergeResults, runExperiment } from '../experiment/runnerNode';
import { applyDataFlag } from '../dataFlag';
import { loadBaseModelNode, loadExperiment } from '../loadExperiment';
import { gpuBudgetFlag, refuseOversized, runMemoryLines } from '../memoryCheck';
import { checkFieldValues, fieldFlag } from '../fieldFlag';
import { methodsFlag } from '../methodsFlag';

const MAX_SEEDS = 100;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** --seeds 1,2,3 or 1-3: each a valid Seed (seed) value, at most MAX_SEEDS of them. */
function seedsFlag(text: string): number[] {
  let seeds: number[];
  try {
    seeds = parseSeeds(text);
  } catch (e) {
    throw new UsageError(`--seeds: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (seeds.length > MAX_SEEDS) throw new UsageError(`--seeds: ${seeds.length} seeds, at most ${MAX_SEEDS}`);
  checkFieldValues('seeds', 'seed', seeds);
  return seeds;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'experiment';
}

export const experimentCommand: Command = {
  name: 'experiment',
  usage: 'experiment (--config <file|link> | --preset <id>) [--seeds 1,2,3] [--steps N] [--method m[,m]] [--out dir] [--set key=value,...] [--val N] [--model f.onnx] [--metrics-every N] [--checkpoint-every N] [--snapshots] [--data pairs.csv] [--gpu-budget MiB] | experiment --merge dir1,dir2 --out dir [--method m[,m]]',
  summary: 'every method × seed, resumable; results.json with mean/min/max/std, curves.svg/.png (--val N: score on N examples carved from train)',
  async run(args) {
    const f = new Flags(args);
    const merge = f.string('merge');
    if (merge) {
      const out = f.string('out');
      const methods = methodsFlag(f.string('method') ?? METHOD_KINDS.join(','));
      f.done();
      if (!out) throw new UsageError('--merge needs --out');
      await mergeResults(merge.split(','), out, methods, (s) => process.stderr.write(s + '\n'));
      return 0;
    }
    const preset = f.string('preset');
    let exp = loadExperiment(f.string('config'), preset);
    const seedsText = f.string('seeds');
    fieldFlag(f, 'steps', 'steps', exp);
    const methodsText = f.string('method');
    const set = f.string('set');
    const validationSize = f.number('val', 0, { integer: true, min: 0, max: 100_000 }) as number;
    const modelPath = f.string('model');
    const metricsEveryFlag = f.number('metrics-every', undefined, { integer: true, min: 1, max: 1_000_000 });
    const checkpointEvery = f.number('checkpoint-every', undefined, { integer: true, min: 1, max: 1_000_000 });
    const snapshots = f.bool('snapshots');
    const dataPath = f.string('data');
    let out = f.string('out');
    const budget = gpuBudgetFlag(f);
    f.done();
    if (methodsText !== undefined) exp.runs = methodsFlag(methodsText);
    if (set) {
      try {
        exp = applySetOverrides(exp, set);
      } catch (e) {
        throw new UsageError(e instanceof Error ? e.message : String(e));
      }
    }
    await applyDataFlag(exp, dataPath);
    const seeds = seedsText ? seedsFlag(seedsText) : [exp.seed];
    if (validationSize >= exp.data.trainSize) throw new UsageError(`--val ${validationSize} leaves no training examples (the experiment has ${exp.data.trainSize})`);
    out ??= join('experiments', slug(preset ?? (exp.name || exp.task.name)));
    const metricsEvery = metricsEveryFlag ?? Math.max(1, Math.floor(exp.steps / 50));
    const log = (s: string) => process.stderr.write(s + '\n');
    const ctx = await createNodeGpuContext();
    const memory = refuseOversized(ctx, exp, (await loadBaseModelNode({ ...exp, seed: seeds[0] }, modelPath, ROOT)).config, budget);
    log(`mutor experiment: ${exp.task.name}, ${exp.runs.join(' vs ')} × seeds ${seeds.join(',')}, ${exp.steps} steps → ${out}`);
    for (const line of runMemoryLines(memory)) log(line);
    log(`  link: ${encodeLink(exp)}`);
    const results = await runExperiment(ctx, {
      exp,
      methods: exp.runs,
      seeds,
      out,
      validationSize,
      baseFor: (seed) => loadBaseModelNode({ ...exp, seed }, modelPath, ROOT),
      metricsEvery,
      checkpointEvery,
      snapshots,
      log,
    });
    log(`wrote ${join(out, 'results.json')} (${results.runs.length} runs, ${(results.totalWallMs / 60000).toFixed(1)} min of training)`);
    return 0;
  },
};
