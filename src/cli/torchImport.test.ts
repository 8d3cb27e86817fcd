// A job exported from a share link, trained 20 steps in PyTorch and imported back has the engine's curve for the
// same link to 1e-3, and its final weights evaluate on our engine.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { trainToEnd } from '../train/loop';
import { TrainingRun } from '../train/run';
import { scratchModel } from '../train/baseModel';
import { exportToTemp, NO_TORCH, runPython, TINY_TORCH_LINK, torchPython } from '../torch/testing';
import { TORCH_JOB_FORMAT } from '../torch/job';
import { readSavedRun } from './experiment/savedRunFile';
import { loadExperiment } from './loadExperiment';
import { importTorchRun } from './torchImport';

const python = torchPython();

const link = TINY_TORCH_LINK;

describe.skipIf(!python)(`PyTorch job round trip${python ? '' : ` (${NO_TORCH})`}`, { timeout: 600_000 }, () => {
  it('export from a link, 20 PyTorch steps, import: the engine\'s curve to 1e-3', async () => {
    const exp = loadExperiment(link, undefined);
    const dir = exportToTemp(exp);
    const ctx = await testContext();
    try {
      runPython(python!, ['train.py'], dir);
      const imported = await importTorchRun(ctx, join(dir, 'out', 'mutor', 'metrics.jsonl'), { root: join(import.meta.dirname, '..', '..') });
      imported.run.destroy();
      const { saved } = imported;
      expect(saved.link).toBe(link);
      expect(saved.evals.map((e) => e.step)).toEqual([20]);
      expect(saved.summary.testAccuracy).toBeGreaterThanOrEqual(0);

      const run = await TrainingRun.create(ctx, exp, 'mutor', scratchModel(exp.seed, exp.model.scratch, exp.task.name));
      const engine = await trainToEnd(run, { metricsEvery: 1 }).finally(() => run.destroy());
      expect(saved.steps.map((s) => s.step)).toEqual(engine.steps.map((s) => s.step));
      expect(engine.steps[19].loss).toBeLessThan(engine.steps[0].loss - 0.05);
      engine.steps.forEach((s, i) => {
        const t = saved.steps[i];
        expect(Math.abs(t.loss - s.loss) / s.loss, `step ${s.step}: PyTorch ${t.loss} vs engine ${s.loss}`).toBeLessThan(1e-3);
        expect(Math.abs((t.auxLoss ?? NaN) - (s.auxLoss ?? NaN)) / (s.auxLoss ?? NaN), `step ${s.step} registers' loss`).toBeLessThan(1e-3);
        expect(t.lr).toBeCloseTo(s.lr, 9);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a PyTorch run imported without its final weights', { timeout: 300_000 }, () => {
  it('is written as a saved run that mutor reads back: curves, no evaluation, test accuracy null', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mutor-import-'));
    try {
      // A job killed after 3 steps: no "end" line, so no weights.
      const lines = [
        { kind: 'run', format: TORCH_JOB_FORMAT, method: 'mutor', link, seed: 7, steps: 20, worldSize: 1, device: 'cpu', torch: '1.13.0' },
        ...[4.1, 3.9, 3.7].map((loss, i) => ({ kind: 'step', step: i + 1, loss, ntpLoss: loss - 0.1, auxLoss: loss + 0.2, lr: 0.01, tokensPerSec: 900, elapsedMs: 100 * (i + 1) })),
      ];
      const metrics = join(dir, 'metrics.jsonl');
      writeFileSync(metrics, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      const out = join(dir, 'run.json');
      const r = spawnSync(process.execPath, ['bin/mutor.js', 'import-run', metrics, '--out', out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain('no final weights');
      const saved = readSavedRun(out);
      expect(saved.summary.testAccuracy).toBeNull();
      expect(saved.evals).toEqual([]);
      expect(saved.steps.map((s) => s.loss)).toEqual([4.1, 3.9, 3.7]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
