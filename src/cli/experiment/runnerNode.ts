// `mutor experiment`, the Node half: trains every planned (method, seed) run that its out folder does not already
// hold, checkpointing the run in progress in <out>/ckpt-<method>-seed<seed>/ and saving each as soon as it ends (so
// a killed experiment resumes mid-run where it stopped), then writes results.json and the curves (SVG always, PNG
// through headless Chromium when it is there).
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { writeAtomic } from '../../util/atomicFile';
import { join } from 'node:path';
import type { GpuContext } from '../../gpu/context';
import { kernelSelection } from '../../kernels/select';
import { methodOf, type MethodKind } from '../../methods/registry';
import { gridLevels, tasks, type Grid } from '../../tasks';
import type { EvalPoint } from '../../train/metrics';
import { imageGridSvg } from './imageGrid';
import type { BaseModel } from '../../train/baseModel';
import { answerDiagnosticsSuffix } from '../../train/answerDiagnostics';
import { evaluate } from '../../train/evaluate';
import { removeCheckpoint } from '../../train/checkpoint';
import { trainCheckpointed } from '../../train/checkpointed';
import { TrainingRun } from '../../train/run';
import { encodeLink } from '../../experiment/link';
import { readJsonFile, readSavedRun } from './savedRunFile';
import { recordSnapshot, saveModel } from './snapshotFiles';
import { curvesSvg, type CurveRun } from './plot';
import { svgToPng } from './plotPng';
import {
  accuracyText, aggregateRuns, formatAggregate, planRuns, resumeDecision, runExperimentConfig, sampleGenerationsOf,
  type EvalSplit, type ExperimentResults, type SavedRun,
} from './runner';
import type { ExperimentConfig } from '../../experiment/schema';

export interface ExperimentOptions {
  exp: ExperimentConfig;
  methods: MethodKind[];
  seeds: number[];
  out: string;
  /** > 0: score on the last `validationSize` train examples (and train on the rest) instead of the test split. */
  validationSize: number;
  /** The base model of one seed (scratch models depend on the seed). */
  baseFor(seed: number): Promise<BaseModel>;
  /** Losses read back every this many steps (the curves' resolution). */
  metricsEvery: number;
  /** Steps between checkpoints of the run in progress (default: the experiment's evalEvery). */
  checkpointEvery?: number;
  /** Keep snapshots at every evaluation and the trained model beside each run (snapshotFiles.ts). */
  snapshots?: boolean;
  log(line: string): void;
}

export async function adapterName(ctx: GpuContext): Promise<string> {
  const a = ctx.adapter, k = await kernelSelection(ctx);
  return `${a.vendor}/${a.architecture} (${a.description || a.device || 'no description'}), matmul ${k.matmul}`;
}

function readSaved(path: string): SavedRun | undefined {
  return existsSync(path) ? readSavedRun(path) : undefined;
}

/**
 * One throwaway step of a method's engine so that its pipelines are compiled before the measured run starts. The
 * engine's GPU wait learns how long a submission takes from the first one it sees; when that one includes minutes of
 * shader compilation on a loaded CPU, later steps oversleep for many minutes (seen here: a run idle for 10 minutes
 * at step 1). Pipelines are cached per device, so the real run then starts warm. Its parameters and data stream are
 * its own: results do not depend on whether a warm-up ran.
 */
async function warmUp(ctx: GpuContext, exp: ExperimentConfig, method: MethodKind, base: BaseModel): Promise<void> {
  const run = await TrainingRun.create(ctx, exp, method, base);
  try {
    await run.trainStep(true);
    // Generation and teacher-forced scoring on one example compile the forward-only pipelines too.
    await evaluate(run.model, run.splits.task, run.splits.test.slice(0, 1), run.method, 0, run.maxT);
  } finally {
    run.destroy();
  }
}

export async function runExperiment(ctx: GpuContext, o: ExperimentOptions): Promise<ExperimentResults> {
  mkdirSync(o.out, { recursive: true });
  const split: EvalSplit = o.validationSize > 0 ? 'validation' : 'test';
  const grid = tasks[o.exp.task.name]?.grid;
  const adapter = await adapterName(ctx);
  const plan = planRuns(o.exp, o.methods, o.seeds);
  const runs: SavedRun[] = [];
  // Check every file before training anything: a conflict found after an hour of runs would waste them.
  const decisions = plan.map((p) => ({ p, d: resumeDecision(p, split, o.validationSize, readSaved(join(o.out, p.file))) }));
  const conflicts = decisions.flatMap(({ d }) => (d.action === 'conflict' ? [d.why] : []));
  if (conflicts.length) throw new Error(`${o.out} holds runs of another experiment; use another --out or delete them:\n  ${conflicts.join('\n  ')}`);
  let i = 0;
  const warmed = new Set<MethodKind>();
  for (const { p, d } of decisions) {
    i++;
    const ckpt = join(o.out, `ckpt-${p.method}-seed${p.seed}`);
    if (d.action === 'skip') {
      removeCheckpoint(ckpt); // a kill between saving the run and removing its checkpoint leaves one behind
      o.log(`[${i}/${plan.length}] ${p.method} seed ${p.seed}: done before (${p.file}), ${accuracyText(d.saved.summary.testAccuracy)}`);
      runs.push(d.saved);
      continue;
    }
    const exp = runExperimentConfig(o.exp, p.method, p.seed);
    o.log(`[${i}/${plan.length}] ${p.method} seed ${p.seed}: ${exp.steps} steps on ${split}${split === 'validation' ? ` (${o.validationSize})` : ''}`);
    const started = performance.now();
    if (!warmed.has(p.method)) {
      await warmUp(ctx, exp, p.method, await o.baseFor(p.seed));
      warmed.add(p.method);
    }
    const tag = `  ${p.method} s${p.seed}`;
    const { run, result, priorWallMs } = await trainCheckpointed(ctx, exp, p.method, await o.baseFor(p.seed), {
      dir: ckpt,
      every: o.checkpointEvery ?? exp.evalEvery,
      validationSize: o.validationSize,
      log: o.log,
      loop: {
        metricsEvery: o.metricsEvery,
        onStep: (s) => {
          if (s.step % (o.metricsEvery * 5) === 0) o.log(`${tag} step ${s.step} loss ${s.loss.toFixed(4)}${s.auxLoss !== null ? ` (ntp ${s.ntpLoss.toFixed(4)}, aux ${s.auxLoss.toFixed(4)})` : ''} ${s.tokensPerSec.toFixed(0)} tok/s`);
        },
        onEval: (e) => o.log(`${tag} eval @${e.step}: ${split} ${e.image ? 'class accuracy of samples' : 'exact match'} ${(e.testAccuracy * 100).toFixed(1)}%, next-token ${(e.nextTokenAccuracy * 100).toFixed(1)}%${answerDiagnosticsSuffix(e.answerDiagnostics)}${imageSuffix(e.image)}`),
        afterEval: o.snapshots ? (run, _point, generations) => recordSnapshot(o.out, run, p.seed, generations) : undefined,
      },
    });
    try {
      if (o.snapshots) await saveModel(o.out, run, p.seed);
      const saved: SavedRun = {
        method: p.method,
        seed: p.seed,
        link: p.link,
        split,
        validationSize: o.validationSize,
        adapter,
        steps: result.steps,
        evals: result.evals,
        summary: result.summary,
        wallMs: priorWallMs + performance.now() - started,
        sampleGenerations: sampleGenerationsOf(result.generations, grid !== undefined),
      };
      writeAtomic(join(o.out, p.file), JSON.stringify(saved, null, 1));
      if (grid) await writeSampleGrid(saved, grid, join(o.out, p.file.replace(/^run-/, 'samples-').replace(/\.json$/, '')), o.log);
      removeCheckpoint(ckpt);
      o.log(`${tag} done: ${accuracyText(saved.summary.testAccuracy)} in ${(saved.wallMs / 1000).toFixed(0)} s → ${p.file}`);
      runs.push(saved);
    } finally {
      run.destroy();
    }
  }
  const results: ExperimentResults = {
    experiment: o.exp,
    link: encodeLink(o.exp),
    split,
    validationSize: o.validationSize,
    adapter,
    methods: o.methods,
    seeds: o.seeds,
    runs,
    aggregates: aggregateRuns(runs, o.methods),
    totalWallMs: runs.reduce((s, r) => s + r.wallMs, 0),
  };
  writeAtomic(join(o.out, 'results.json'), JSON.stringify(results, null, 1));
  for (const a of results.aggregates) o.log(`${a.method.padEnd(16)} ${formatAggregate(a)}`);
  await writeCurves(results, o.out, o.log);
  return results;
}

function imageSuffix(image: EvalPoint['image']): string {
  if (!image) return '';
  return `, ${image.bitsPerPixel.toFixed(4)} bits/pixel, Fréchet ${image.frechetDistance?.toFixed(3) ?? 'n/a'}`;
}

/** The samples of a run's last evaluation, one row per class, as <path>.png (or .svg without Chromium). */
async function writeSampleGrid(r: SavedRun, grid: Grid, path: string, log: (s: string) => void): Promise<void> {
  const samples = r.sampleGenerations.map((g) => ({ label: g.prompt, levels: gridLevels(g.output.padEnd(grid.h * grid.w, '?').slice(0, grid.h * grid.w), grid) }));
  samples.sort((a, b) => a.label.localeCompare(b.label));
  const { svg, width, height } = imageGridSvg(samples, { ...grid, title: `${methodOf(r.method).label}, seed ${r.seed}, step ${r.summary.steps}: samples at temperature 1 (red: not a pixel)` });
  const png = await svgToPng(svg, width, height).catch(() => null);
  if (png) writeAtomic(`${path}.png`, png);
  else {
    writeAtomic(`${path}.svg`, svg);
    log(`warning: no PNG of the samples (Chromium missing or failed); wrote ${path}.svg`);
  }
}

export function curveRuns(results: ExperimentResults): CurveRun[] {
  return results.runs.map((r) => ({
    method: r.method,
    seed: r.seed,
    // The next-token loss (group 0) of every method: MuToR's and the heads' combined losses mix in another target.
    loss: r.steps.map((s) => ({ step: s.step, value: s.ntpLoss })),
    accuracy: r.evals.map((e) => ({ step: e.step, value: e.testAccuracy })),
  }));
}

export async function writeCurves(results: ExperimentResults, out: string, log: (s: string) => void): Promise<void> {
  const e = results.experiment;
  const title = `${e.name || e.task.name}: ${e.steps} steps, batch ${e.optimizer.batchSize}, base ${e.model.id}`;
  const W = 960, H = 420;
  // An image task's accuracy is the classifier's class accuracy of the samples (SavedRun.evals[].testAccuracy).
  const image = results.runs.some((r) => r.evals.some((ev) => ev.image));
  const accuracyLabel = `${results.split} ${image ? 'class accuracy of samples' : 'exact match'}`;
  const svg = curvesSvg(curveRuns(results), { title, accuracyLabel, lossLabel: 'next-token training loss (log)', width: W, height: H });
  writeAtomic(join(out, 'curves.svg'), svg);
  try {
    const png = await svgToPng(svg, W, H);
    if (png) writeAtomic(join(out, 'curves.png'), png);
    else log('warning: Chromium (or @playwright/test) is missing; wrote curves.svg only');
  } catch (err) {
    log(`warning: PNG rendering failed (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); wrote curves.svg only`);
  }
}

/**
 * Gathers the saved runs of several out folders (e.g. one per method when each method has its own tuned learning
 * rate) into one results.json and one plot. `experiment` and `link` are the first folder's; each run keeps its own
 * link, which is what reproduces it.
 */
export async function mergeResults(dirs: string[], out: string, methods: readonly MethodKind[], log: (s: string) => void): Promise<ExperimentResults> {
  const runs: SavedRun[] = [];
  let first: ExperimentResults | undefined;
  for (const dir of dirs) {
    const resultsPath = join(dir, 'results.json');
    if (!first && existsSync(resultsPath)) first = readJsonFile(resultsPath, 'results.json of mutor experiment') as ExperimentResults;
    for (const f of readdirSync(dir).filter((n) => /^run-.*-seed\d+\.json$/.test(n)).sort()) {
      const r = readSavedRun(join(dir, f));
      if (methods.includes(r.method)) runs.push(r);
    }
  }
  if (!first || runs.length === 0) throw new Error(`no results.json or saved runs in ${dirs.join(', ')}`);
  const splits = new Set(runs.map((r) => `${r.split}:${r.validationSize}`));
  if (splits.size > 1) throw new Error(`the folders score on different splits (${[...splits].join(', ')}): not one table`);
  mkdirSync(out, { recursive: true });
  const results: ExperimentResults = {
    ...first,
    methods: methods.filter((m) => runs.some((r) => r.method === m)),
    seeds: [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b),
    runs,
    aggregates: aggregateRuns(runs, methods),
    totalWallMs: runs.reduce((s, r) => s + r.wallMs, 0),
  };
  writeAtomic(join(out, 'results.json'), JSON.stringify({ ...results, mergedFrom: dirs }, null, 1));
  for (const a of results.aggregates) log(`${a.method.padEnd(16)} ${formatAggregate(a)}`);
  await writeCurves(results, out, log);
  return results;
}
