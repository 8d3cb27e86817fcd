// MuToR-2D's accuracy by offset pair: a short real run on Fashion-MNIST (lavapipe), evaluated as the page and the CLI
// evaluate it, against a brute-force scan of each test image scored with the same model's logits.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloneExperiment, presetById } from '../../experiment';
import { testContext } from '../../gpu/testing';
import { packBatch } from '../../mutor/packBatch';
import { provideDataFile } from '../../tasks/dataFiles';
import { tasks } from '../../tasks';
import { scratchModel } from '../../train/baseModel';
import { EngineModel } from '../../train/engineModel';
import { argmax } from '../../train/generate';
import { TrainingRun } from '../../train/run';
import { createRng } from '../../util/random';
import { methodOf } from '../registry';
import { offsetIndex } from './grid2d';

const dataDir = join(import.meta.dirname, '..', '..', '..', 'public', 'data');
for (const file of tasks.fashionMnist.dataFiles!) provideDataFile(file, readFileSync(join(dataDir, file)));

describe('MuToR-2D horizons', () => {
  it('lists a probe for every pair of {1..D}² but (1, 1), numbered as the layout numbers it', () => {
    const m = methodOf('mutor2d');
    const knobs = { ...presetById('fashion-mnist-mutor2d')!.config.method, dMax: 4 };
    const probes = m.horizonProbes(knobs);
    expect(probes).toHaveLength(15);
    expect(m.horizonGrid?.(knobs)).toBe(4);
    for (const p of probes) {
      expect(p).toMatchObject({ head: 0, group: 1, d: p.layoutOffset! + 1 });
      expect(m.offsetLabel!(p.layoutOffset!, knobs)).toMatch(/^\([1-4], [1-4]\)$/);
    }
  });

  it('evaluation reports the registers\' top-1 accuracy at (d_h, d_w) as horizonAccuracy[(d_h - 1)·D + d_w - 1], as a brute-force scan of the image scores it', { timeout: 300_000 }, async () => {
    const exp = cloneExperiment(presetById('fashion-mnist-mutor2d')!.config);
    const size = { dModel: 16, nLayers: 1, nHeads: 2, dFF: 24, maxLen: 320 };
    exp.model = { ...exp.model, scratch: size };
    exp.data = { ...exp.data, trainSize: 200, testSize: 20 };
    exp.optimizer = { ...exp.optimizer, batchSize: 4, lr: 0.01, warmupSteps: 0 };
    exp.method = { ...exp.method, placement: 'all' };
    exp.evalSize = 3;
    const run = await TrainingRun.create(await testContext(), exp, 'mutor2d', scratchModel(exp.seed, size, exp.task.name));
    try {
      // A few steps teach it the dark background, so that accuracies differ between pairs and from 0.
      for (let s = 0; s < 12; s++) await run.trainStep(false);
      const { point } = await run.evaluate();
      const D = run.method.dMax, { h, w } = tasks.fashionMnist.grid!;
      expect(point.horizonAccuracy).toHaveLength(D * D);
      expect(point.horizonAccuracy[0]).toBe(point.nextTokenAccuracy);

      const model = new EngineModel(run.engine), V = run.config.vocabSize;
      const examples = run.splits.test.slice(0, exp.evalSize);
      const seen: number[] = [];
      for (let dh = 1; dh <= D; dh++) {
        for (let dw = 1; dw <= D; dw++) {
          if (dh === 1 && dw === 1) continue;
          const k = offsetIndex(dh, dw, D);
          let right = 0, total = 0;
          for (const e of examples) {
            const layout = methodOf('mutor2d').layout(e, run.method, k, V, createRng(1));
            const logits = await model.logits(packBatch([layout], [0.7, 0.3], run.config, run.maxT));
            const predicted = (i: number) => argmax(logits.subarray(i * V, (i + 1) * V));
            // With every slot placed, register j follows raster cell j - 1 (j = 0: the class token, cell (0, -1)).
            layout.registers.forEach((r, j) => {
              const row = j === 0 ? 0 : Math.floor((j - 1) / w), col = j === 0 ? -1 : (j - 1) % w;
              const tr = row + dh - 1, tc = col + dw - 1;
              if (tr >= h || tc < 0 || tc >= w) return;
              total++;
              if (predicted(r.index) === e.answer[tr * w + tc]) right++;
            });
          }
          expect(point.horizonAccuracy[(dh - 1) * D + dw - 1], `(${dh}, ${dw})`).toBe(right / total);
          seen.push(right / total);
        }
      }
      expect(new Set(seen).size, 'accuracies differ between pairs').toBeGreaterThan(1);
      expect(Math.max(...seen)).toBeGreaterThan(0);
    } finally {
      run.destroy();
    }
  });
});
