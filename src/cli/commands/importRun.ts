// `mutor import-run`: a run trained by an exported PyTorch job (`mutor export-torch`) back as a saved run: its
// curve, and with its final weights an evaluation on our engine and the trained model as ONNX.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { createNodeGpuContext } from '../../gpu/node';
import { exportOnnx } from '../../onnx/export';
import { accuracyText } from '../experiment/runner';
import { importTorchRun } from '../torchImport';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const importRunCommand: Command = {
  name: 'import-run',
  usage: 'import-run <metrics.jsonl> [--out run.json] [--model f.onnx] [--json]',
  summary: "turn a PyTorch job's metrics (and final weights) into a saved run, evaluated here",
  async run(args) {
    const f = new Flags(args);
    const out = f.string('out');
    const modelPath = f.string('model');
    const json = f.bool('json');
    f.done();
    const [metrics, ...extra] = args.positionals;
    if (!metrics || extra.length) throw new UsageError('give exactly one metrics.jsonl');
    const ctx = await createNodeGpuContext();
    const { saved, weights, run } = await importTorchRun(ctx, metrics, { root: ROOT, modelPath });
    try {
      const path = out ?? join(dirname(metrics), `run-${saved.method}-seed${saved.seed}.json`);
      writeFileSync(path, JSON.stringify(saved, null, 1));
      const log = (s: string) => process.stderr.write(s + '\n');
      log(`mutor import-run: ${saved.method}, ${saved.steps.length} steps (${saved.adapter}), final loss ${saved.summary.finalLoss.toFixed(4)} → ${path}`);
      if (weights) {
        // Registers and extra heads are dropped: the file is the plain next-token model, as `mutor train --save-onnx` writes it.
        const onnx = path.replace(/\.json$/, '') + '.onnx';
        writeFileSync(onnx, exportOnnx(run.config, weights));
        log(`  evaluated on ${ctx.adapter.vendor}/${ctx.adapter.architecture}: test exact-match ${accuracyText(saved.summary.testAccuracy)}; model → ${onnx}`);
      } else log('  no final weights in the metrics (the job did not finish): curves only');
      if (json) console.log(JSON.stringify(saved, null, 1));
    } finally {
      run.destroy();
    }
    return 0;
  },
};
