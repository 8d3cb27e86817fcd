// The gallery pipeline end to end in Node: `mutor experiment --snapshots` on the Tiny preset, then packing it; the
// packed runs hold a snapshot per evaluation whose attention rows are probabilities and whose horizons cover the
// offsets MuToR trains, and the model files; a folder that trained another experiment is refused.
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetById } from '../experiment';
import { runExperiment } from './experiment/runnerNode';
import { testContext } from '../gpu/testing';
import { scratchModel } from '../train/baseModel';
import { readGalleryIndex, readGalleryRun } from '../train/galleryFormat';
import { attentionFromGrid } from '../train/snapshots';
import { packGallery } from './galleryPack';

describe('mutor gallery', () => {
  it('packs the snapshot runs of a preset into the gallery the page reads', async () => {
    const work = mkdtempSync(join(tmpdir(), 'mutor-gallery-'));
    const exp = structuredClone(presetById('tiny')!.config);
    await runExperiment(await testContext(), {
      exp, methods: exp.runs, seeds: [exp.seed], out: join(work, 'from', 'tiny'), validationSize: 0,
      baseFor: async (seed) => scratchModel(seed, exp.model.scratch), metricsEvery: 5, snapshots: true, log: () => {},
    });
    const out = join(work, 'gallery');
    const index = packGallery(['tiny'], join(work, 'from'), out);
    expect(readGalleryIndex(JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')))).toEqual(index);
    const [entry] = index.entries;
    expect(entry.made).toMatch(/^NTP, MuToR trained to the end of the preset's budget \(20 steps, seed 1, .* by mutor experiment on .*, \d{4}-\d\d-\d\d\.$/);
    expect(entry.runs.map((r) => [r.method, r.model])).toEqual([['ntp', 'tiny/ntp.onnx'], ['mutor', 'tiny/mutor.onnx']]);
    for (const ref of entry.runs) {
      expect(existsSync(join(out, ref.model!))).toBe(true);
      const run = readGalleryRun(JSON.parse(readFileSync(join(out, ref.file), 'utf8')), ref.file);
      expect(run.snapshots.map((s) => s.step)).toEqual([10, 20]);
      expect(run.generations).toHaveLength(exp.evalSize);
      const grid = run.snapshots[1].attention;
      expect([grid.nLayers, grid.nHeads]).toEqual([exp.model.scratch.nLayers, exp.model.scratch.nHeads]);
      const T = grid.tokens.length;
      const a = attentionFromGrid(grid, grid.nLayers - 1, grid.nHeads - 1)!;
      for (let q = 0; q < T; q++) expect(a.probs.subarray(q * T, q * T + T).reduce((x, y) => x + y, 0)).toBeCloseTo(1, 1);
      // MuToR trains d = 2 only (d min = d max = 2): one horizon sample, with registers; NTP has none.
      expect(run.snapshots[1].horizons.map((h) => [h.d, h.registers.length > 0])).toEqual(ref.method === 'mutor' ? [[2, true]] : [[0, false]]);
    }
    // A folder that trained another experiment (here: other steps) is refused, naming both links.
    const results = JSON.parse(readFileSync(join(work, 'from', 'tiny', 'results.json'), 'utf8'));
    writeFileSync(join(work, 'from', 'tiny', 'results.json'), JSON.stringify({ ...results, link: results.link.replace('steps=20', 'steps=21') }));
    expect(() => packGallery(['tiny'], join(work, 'from'), out)).toThrow(/trained .*steps=21.*, not the preset tiny as it is now/);
    expect(() => packGallery(['nope'], join(work, 'from'), out)).toThrow("unknown preset 'nope'");
  }, 300_000);
});
