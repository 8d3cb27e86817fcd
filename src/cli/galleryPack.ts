// `mutor gallery`: packs the out folders of `mutor experiment --preset <id> --snapshots` into the page's gallery
// (src/train/galleryFormat.ts). Each folder must hold the preset's experiment as it is today (same link), every
// method's run, snapshots file and model; models over GALLERY_MODEL_LIMIT stay out.
import { copyFileSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeLink, presetById } from '../experiment';
import { finalAccuracy, type ExperimentResults } from './experiment/runner';
import { readJsonFile } from './experiment/savedRunFile';
import { methodOf } from '../methods/registry';
import { GALLERY_FORMAT, GALLERY_MODEL_LIMIT, GALLERY_SNAPSHOT_LIMIT, spreadEvenly, type GalleryEntry, type GalleryIndex, type GalleryRun } from '../train/galleryFormat';
import { modelFileName, readSnapshotsFile, snapshotsFileName } from './experiment/snapshotFiles';

/** The command that trains a preset's gallery runs into `dir` (what `made` and scripts/gallery.sh say). */
export const trainCommandFor = (presetId: string, dir: string) => `npx mutor experiment --preset ${presetId} --snapshots --out ${dir}`;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** One preset's entry; its run files and models are written under `out`/<preset id>/. */
export function packEntry(presetId: string, from: string, out: string): GalleryEntry {
  const preset = presetById(presetId);
  if (!preset) throw new Error(`unknown preset '${presetId}'`);
  const resultsPath = join(from, 'results.json');
  if (!existsSync(resultsPath)) throw new Error(`${resultsPath} is missing: train it first with ${trainCommandFor(presetId, from)}`);
  const results = readJsonFile(resultsPath, 'results.json of mutor experiment') as ExperimentResults;
  const link = encodeLink(preset.config);
  if (results.link !== link) throw new Error(`${from} trained ${results.link}, not the preset ${presetId} as it is now (${link}): train it again`);
  mkdirSync(join(out, presetId), { recursive: true });
  const seed = preset.config.seed;
  const runs = preset.config.runs.map((method) => {
    const saved = results.runs.find((r) => r.method === method && r.seed === seed);
    if (!saved) throw new Error(`${from} has no ${method} run of seed ${seed}`);
    const snapshots = readSnapshotsFile(join(from, snapshotsFileName(method, seed)));
    if (snapshots.snapshots.length === 0) throw new Error(`${from} has no snapshots of ${method}: train it with --snapshots`);
    const run: GalleryRun = {
      format: GALLERY_FORMAT, method, link: saved.link, adapter: saved.adapter, steps: saved.steps, evals: saved.evals,
      generations: snapshots.generations, summary: saved.summary,
      snapshots: spreadEvenly(snapshots.snapshots, GALLERY_SNAPSHOT_LIMIT),
    };
    const file = `${presetId}/${method}.json`;
    writeFileSync(join(out, file), JSON.stringify(run));
    const modelPath = join(from, modelFileName(method, seed));
    const small = existsSync(modelPath) && statSync(modelPath).size <= GALLERY_MODEL_LIMIT;
    if (small) copyFileSync(modelPath, join(out, `${presetId}/${method}.onnx`));
    return { method, file, ...(small ? { model: `${presetId}/${method}.onnx` } : {}), testAccuracy: finalAccuracy(saved) };
  });
  const minutes = results.totalWallMs / 60_000;
  const methods = runs.map((r) => methodOf(r.method).label).join(', ');
  return {
    id: presetId,
    title: preset.title,
    description: preset.description,
    link,
    made: `${methods} trained to the end of the preset's budget (${preset.config.steps} steps, seed ${seed}, ${minutes.toFixed(0)} min in all) by mutor experiment on ${results.adapter}, ${day(statSync(resultsPath).mtimeMs)}.`,
    command: trainCommandFor(presetId, from),
    runs,
  };
}

export function packGallery(presetIds: readonly string[], from: string, out: string): GalleryIndex {
  const index: GalleryIndex = { format: GALLERY_FORMAT, entries: presetIds.map((id) => packEntry(id, join(from, id), out)) };
  writeFileSync(join(out, 'index.json'), JSON.stringify(index, null, 1) + '\n');
  return index;
}
