// `mutor export-torch`: an experiment as a self-contained PyTorch (DDP) job folder (src/torch/job.ts): its runs'
// batches from our batch builder, starting weights, the experiment, train.py and a README.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { experimentFlags } from '../experimentFlags';
import { writeTorchJob } from '../../torch/writeJob';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const exportTorchCommand: Command = {
  name: 'export-torch',
  usage: 'export-torch (--config <file|link> | --preset <id>) --out <dir> [--steps N] [--method m[,m]] [--seed S] [--model f.onnx] [--data pairs.csv]',
  summary: 'write a PyTorch (DDP) job that trains the same model on the same batches',
  async run(args) {
    const f = new Flags(args);
    const { exp, load } = experimentFlags(f);
    const out = f.string('out');
    f.done();
    if (!out) throw new UsageError('give --out <dir>');
    const base = await load(ROOT);
    const bytes = writeTorchJob(exp, base, out);
    process.stderr.write(`mutor export-torch: ${exp.runs.join(', ')} × ${exp.steps} steps from ${base.source} in ${out} (${(bytes / 1e6).toFixed(1)} MB); run: python3 ${join(out, 'train.py')}\n`);
    return 0;
  },
};
