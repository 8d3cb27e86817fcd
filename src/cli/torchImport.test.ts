// A job exported from a share link, trained 20 steps in PyTorch and imported back has the engine's curve for the
// same link to 1e-3, and its final weights evaluate on our engine. With LoRA too: the base model comes back bit for bit
// (frozen in PyTorch), and the ONNX model import-run writes (adapters merged) evaluates as the adapted model does.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeLink } from '../experiment/link';
import type { ExperimentConfig } from '../experiment/schema';
import type { GpuContext } from '../gpu/context';
import { testContext } from '../gpu/testing';
import { buildLayout } from '../model/layout';
import type { RunModelConfig } from '../model/methodTensors';
import { exportOnnx } from '../onnx/export';
import { referenceForward } from '../reference/model';
import { toFloat64 } from '../reference/params';
import { trainToEnd } from '../train/loop';
import { TrainingRun } from '../train/run';
import { modelFromOnnx, scratchModel } from '../train/baseModel';
import { exportToTemp, NO_TORCH, runPython, TINY_TORCH_LINK, torchPython } from '../torch/testing';
import { TORCH_JOB_FORMAT, torchRunSource } from '../torch/job';
import { readSavedRun } from './experiment/savedRunFile';
import { loadExperiment } from './loadExperiment';
import { importTorchRun } from './torchImport';

const python = torchPython();

const link = TINY_TORCH_LINK;

const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
/** NaN-propagating: a NaN logit never passes. */
const maxAbsDiff = (a: Float64Array, b: Float64Array) => a.reduce((m, v, i) => (Number.isNaN(v - b[i]) ? NaN : Math.max(m, Math.abs(v - b[i]))), 0);

/** The tiny MuToR link with LoRA on the attention and MLP projections. */
const loraLink = encodeLink({ ...loadExperiment(link, undefined), lora: { rank: 4, alpha: 8, mlp: true } });

/** `exp` exported, trained 20 steps by train.py and imported; beside it the engine's own run of the same link. Checks
 * the curves agree to 1e-3; the caller destroys the import's run and removes `dir`. */
async function roundTrip(ctx: GpuContext, exp: ExperimentConfig, dir: string) {
  runPython(python!, ['train.py'], dir);
  const imported = await importTorchRun(ctx, join(dir, 'out', 'mutor', 'metrics.jsonl'), { root: join(import.meta.dirname, '..', '..') });
  const { saved } = imported;
  expect(saved.link).toBe(encodeLink(exp));
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
  return imported;
}

describe.skipIf(!python)(`PyTorch job round trip${python ? '' : ` (${NO_TORCH})`}`, { timeout: 600_000 }, () => {
  it('export from a link, 20 PyTorch steps, import: the engine\'s curve to 1e-3', async () => {
    const exp = loadExperiment(link, undefined);
    const dir = exportToTemp(exp);
    try {
      (await roundTrip(await testContext(), exp, dir)).run.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('with LoRA (attention and MLP): the curve to 1e-3, the base unchanged, the merged ONNX model evaluates alike', async () => {
    const exp = loadExperiment(loraLink, undefined);
    const dir = exportToTemp(exp);
    const ctx = await testContext();
    try {
      const { saved, weights, run } = await roundTrip(ctx, exp, dir);
      try {
        // Frozen in PyTorch: every base tensor is the exported one bit for bit; the adapters' B (0 at the start) trained.
        const { params } = torchRunSource(exp, 'mutor', scratchModel(exp.seed, exp.model.scratch, exp.task.name));
        const layout = buildLayout(run.config);
        for (const t of layout.tensors) {
          const got = weights!.subarray(t.offset, t.offset + t.size), start = params.subarray(t.offset, t.offset + t.size);
          if (t.frozen) expect(got, `${t.name} frozen`).toEqual(start);
          else if (t.name.endsWith('.loraB')) expect(got.some((v) => v !== 0), `${t.name} trained`).toBe(true);
        }
        // import-run's ONNX file: the adapters merged into a plain base model, evaluated as an NTP run without LoRA.
        const merged = modelFromOnnx(exportOnnx(run.config, weights!), 'merged.onnx');
        const plainExp = { ...exp, runs: ['ntp' as const], lora: { ...exp.lora, rank: 0 } };
        const plain = await TrainingRun.create(ctx, plainExp, 'ntp', merged);
        const evaluation = await plain.evaluate().finally(() => plain.destroy());
        const ours = saved.evals[0];
        expect(evaluation.point.testAccuracy).toBe(ours.testAccuracy);
        expect(evaluation.point.nextTokenAccuracy).toBe(ours.nextTokenAccuracy);
        expect(evaluation.generations.slice(0, saved.sampleGenerations.length).map((g) => g.outputText)).toEqual(saved.sampleGenerations.map((g) => g.output));
        // The tiny model's accuracies hardly tell models apart, its logits do (float64 reference, a next-token batch):
        // the merged model's equal the adapted model's, and the trained adapters move them far more than that.
        const batch = torchRunSource(plainExp, 'ntp', merged).stream.next();
        const logits = (config: RunModelConfig, p: Float32Array) => referenceForward(config, toFloat64(p), batch).logits;
        const adapted = logits(run.config, weights!);
        const withoutAdapters = Float32Array.from(weights!);
        for (const t of layout.tensors) if (t.name.endsWith('.loraB')) withoutAdapters.fill(0, t.offset, t.offset + t.size);
        const mergedError = maxAbsDiff(logits(merged.config, merged.params), adapted);
        expect(mergedError, 'merged ONNX vs adapted logits').toBeLessThan(1e-5 * maxAbs(adapted));
        expect(maxAbsDiff(logits(run.config, withoutAdapters), adapted), 'what the adapters change').toBeGreaterThan(100 * mergedError);
      } finally {
        run.destroy();
      }
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
