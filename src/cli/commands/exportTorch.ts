// `mutor export-torch`: an experiment as a self-contained PyTorch (DDP) job folder (src/torch/job.ts): its runs'
// batches from our batch builder, starting weights, the experiment, train.py and a README.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { applyDataFlag } from '../dataFlag';
import { fieldFlag } from '../fieldFlag';
import { loadBaseModelNode, loadExperiment } from '../loadExperiment';
import { methodsFlag } from '../methodsFlag';
import { writeTorchJob } from '../../torch/writeJob';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const exportTorchCommand: Command = {
  name: 'export-torch',
  usage: 'export-torch (--config <file|link> | --preset <id>) --out <dir> [--steps N] [--method m[,m]] [--seed S] [--model f.onnx] [--data pairs.csv]',
  summary: 'write a PyTorch (DDP) job that trains the same model on the same batches',
  async run(args) {
    const f = new Flags(args);
    const exp = loadExperiment(f.string('config'), f.string('preset'));
    fieldFlag(f, 'steps', 'steps', exp);
    fieldFlag(f, 'seed', 'seed', exp);
    const methods = f.string('method');
    const out = f.string('out');
    const modelPath = f.string('model');
    const dataPath = f.string('data');
    f.done();
    if (!out) throw new UsageError('give --out <dir>');
    await applyDataFlag(exp, dataPath);
    if (methods !== undefined) exp.runs = methodsFlag(methods);
    const base = await loadBaseModelNode(exp, modelPath, ROOT);
    const bytes = writeTorchJob(exp, base, out);
    process.stderr.write(`mutor export-torch: ${exp.runs.join(', ')} × ${exp.steps} steps from ${base.source} in ${out} (${(bytes / 1e6).toFixed(1)} MB); run: python3 ${join(out, 'train.py')}\n`);
    return 0;
  },
};
