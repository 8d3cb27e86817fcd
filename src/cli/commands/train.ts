// `mutor train`: runs an experiment headless (every method in its `runs`, or --method), with progress on stderr
// and, with --json, one JSON document on stdout: the experiment, its share link, and each run's curves and summary.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { createNodeGpuContext } from '../../gpu/node';
import { encodeLink } from '../../experiment';
import type { MethodKind } from '../../methods/registry';
import { answerDiagnosticsSuffix } from '../../train/answerDiagnostics';
import type { RunResult } from '../../train/loop';
import { trainCheckpointed } from '../../train/checkpointed';
import { accuracyText } from '../experiment/runner';
import { experimentFlags } from '../experimentFlags';
import { exportOnnx } from '../../onnx/export';
import { gpuBudgetFlag, refuseOversized, runMemoryLines } from '../memoryCheck';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const trainCommand: Command = {
  name: 'train',
  usage: 'train (--config <file|link> | --preset <id>) [--steps N] [--method m[,m]] [--seed S] [--model f.onnx] [--save-onnx prefix] [--checkpoint dir [--checkpoint-every N]] [--data pairs.csv] [--gpu-budget MiB] [--json]',
  summary: 'fine-tune headless on WebGPU (Dawn) and report losses and test accuracy',
  async run(args) {
    const f = new Flags(args);
    const { exp, load } = experimentFlags(f);
    const saveOnnx = f.string('save-onnx');
    const checkpoint = f.string('checkpoint');
    const checkpointEvery = f.number('checkpoint-every', undefined, { integer: true, min: 1, max: 1_000_000 });
    const json = f.bool('json');
    const budget = gpuBudgetFlag(f);
    f.done();
    if (checkpointEvery !== undefined && !checkpoint) throw new UsageError('--checkpoint-every needs --checkpoint <dir>');
    const base = await load(ROOT);
    const ctx = await createNodeGpuContext();
    const memory = refuseOversized(ctx, exp, base.config, budget);
    const log = (s: string) => process.stderr.write(s + '\n');
    log(`mutor train: ${exp.task.name}, ${exp.runs.join(' vs ')}, ${exp.steps} steps, base ${base.source}, seed ${exp.seed} on ${ctx.adapter.vendor}/${ctx.adapter.architecture}`);
    for (const line of runMemoryLines(memory)) log(line);
    const results: (RunResult & { method: MethodKind })[] = [];
    for (const kind of exp.runs) {
      // Each method's run checkpoints into its own folder, named as `mutor experiment` names it; it stays after the
      // run ends, so a rerun reports it without training and its weights can be exported.
      const { run, result } = await trainCheckpointed(ctx, exp, kind, base, {
        dir: checkpoint === undefined ? undefined : join(checkpoint, `ckpt-${kind}-seed${exp.seed}`),
        every: checkpointEvery ?? exp.evalEvery,
        log,
        loop: {
          metricsEvery: Math.max(1, Math.floor(exp.steps / 20)),
          onStep: (p) => log(`  ${kind.padEnd(15)} step ${String(p.step).padStart(5)}  loss ${p.loss.toFixed(4)}  ntp ${p.ntpLoss.toFixed(4)}${p.auxLoss !== null ? `  aux ${p.auxLoss.toFixed(4)}` : ''}  ${p.tokensPerSec.toFixed(0)} tok/s`),
          onEval: (e) => log(`  ${kind.padEnd(15)} eval @${e.step}: test exact-match ${(e.testAccuracy * 100).toFixed(1)}%  next-token ${(e.nextTokenAccuracy * 100).toFixed(1)}%${answerDiagnosticsSuffix(e.answerDiagnostics)}`),
        },
      });
      if (saveOnnx) {
        // Registers and extra heads are dropped: the file is the plain next-token model.
        const path = `${saveOnnx}-${kind}.onnx`;
        writeFileSync(path, exportOnnx(run.config, await run.parameters()));
        log(`  saved ${path}`);
      }
      results.push({ method: kind, ...result });
      run.destroy();
    }
    for (const r of results) log(`${r.method}: final loss ${r.summary.finalLoss.toFixed(4)}, test exact-match ${accuracyText(r.summary.testAccuracy)} (${(r.summary.wallMs / 1000).toFixed(1)} s)`);
    if (json) {
      console.log(JSON.stringify({ experiment: exp, link: encodeLink(exp), adapter: ctx.adapter.vendor + '/' + ctx.adapter.architecture, runs: results }, null, 1));
    }
    return 0;
  },
};
