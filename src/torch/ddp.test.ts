// DistributedDataParallel trains the same global batch as one process: 5 steps of a tiny MuToR job (6 sequences a
// step, as 2 micro-batches of 3) under `torchrun --nproc_per_node 2` on CPU (gloo, 3 sequences per rank) reach the
// losses of `python train.py` to float32 noise, because each loss group's mean is taken over the whole step. With LoRA
// too (DDP over the adapters and registers only, the base frozen).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { experimentFrom } from '../experiment/presets';
import { exportToTemp, NO_TORCH, runPython, stepLines, torchPython } from './testing';

const python = torchPython();

const exp = experimentFrom({
  task: { name: 'starGraph', knobs: { degree: 2, pathLength: 4, nodePool: 10 } },
  data: { trainSize: 30, testSize: 4 },
  model: { id: 'scratch', scratch: { dModel: 16, nLayers: 2, nHeads: 2, dFF: 24, maxLen: 64 } },
  runs: ['mutor'],
  method: { dMax: 3, dMin: 1, alpha: 0.3 },
  optimizer: { batchSize: 3, gradAccumulation: 2, lr: 0.01, warmupSteps: 1 },
  steps: 5,
  evalSize: 4,
  seed: 2,
});

const loraExp = experimentFrom({ ...exp, lora: { rank: 2, alpha: 4, mlp: true } });

describe.skipIf(!python)(`PyTorch job under torchrun${python ? '' : ` (${NO_TORCH})`}`, { timeout: 300_000 }, () => {
  it.each([['every weight', exp], ['LoRA', loraExp]] as const)('2 CPU processes train 5 steps to the losses of one process (%s)', (_, exp) => {
    const dir = exportToTemp(exp);
    try {
      runPython(python!, ['train.py', '--out', 'one'], dir);
      // --redirects 1 --tee 1: Debian's PyTorch 1.13 torchrun fails on Python 3.11 with its default '0' (README of the job).
      runPython(python!, ['-m', 'torch.distributed.run', '--standalone', '--nnodes', '1', '--nproc_per_node', '2', '--redirects', '1', '--tee', '1', 'train.py', '--out', 'two'], dir);
      const one = stepLines(join(dir, 'one', 'mutor', 'metrics.jsonl')), two = stepLines(join(dir, 'two', 'mutor', 'metrics.jsonl'));
      expect(one.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
      expect(two.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
      // The losses move: the comparison is of a run that trains, not of five copies of the first step.
      expect(one[4].loss).toBeLessThan(one[0].loss - 0.01);
      one.forEach((s, i) => {
        expect(Math.abs(two[i].loss - s.loss) / s.loss, `step ${s.step}: ${two[i].loss} vs ${s.loss}`).toBeLessThan(1e-5);
        s.groupMeans.forEach((m, g) => expect(Math.abs(two[i].groupMeans[g] - m), `step ${s.step} group ${g}`).toBeLessThan(1e-5 * Math.max(1, m)));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
