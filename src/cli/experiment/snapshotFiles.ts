// `mutor experiment --snapshots`, the files: beside each saved run, <out>/snapshots-<method>-seed<seed>.json holds a
// RunSnapshot at every evaluation and the last evaluation's generations (all of them, not the run file's first five),
// and <out>/model-<method>-seed<seed>.onnx the trained model. scripts/gallery.sh packs them into public/gallery/.
import { existsSync, readFileSync } from 'node:fs';
import { writeAtomic } from '../../util/atomicFile';
import { join } from 'node:path';
import type { MethodKind } from '../../methods/registry';
import { exportOnnx } from '../../onnx/export';
import type { Generation } from '../../train/metrics';
import { captureSnapshot } from '../../train/snapshotCapture';
import type { RunSnapshot } from '../../train/snapshots';
import type { TrainingRun } from '../../train/run';

export interface SnapshotsFile {
  snapshots: RunSnapshot[];
  generations: Generation[];
}

export const snapshotsFileName = (method: MethodKind, seed: number) => `snapshots-${method}-seed${seed}.json`;
export const modelFileName = (method: MethodKind, seed: number) => `model-${method}-seed${seed}.onnx`;

export function readSnapshotsFile(path: string): SnapshotsFile {
  if (!existsSync(path)) return { snapshots: [], generations: [] };
  const f = JSON.parse(readFileSync(path, 'utf8')) as Partial<SnapshotsFile>;
  if (!Array.isArray(f.snapshots) || !Array.isArray(f.generations)) throw new Error(`${path} is not a snapshots file of mutor experiment: delete it or use another --out`);
  return { snapshots: f.snapshots, generations: f.generations };
}

/**
 * Captures the run at this evaluation into its snapshots file (a resumed run replaces the snapshot of a step it
 * repeats), keeping the evaluation's generations.
 */
export async function recordSnapshot(out: string, run: TrainingRun, seed: number, generations: Generation[]): Promise<void> {
  const path = join(out, snapshotsFileName(run.method.kind, seed));
  const file = readSnapshotsFile(path);
  const shot = await captureSnapshot(run);
  const snapshots = [...file.snapshots.filter((s) => s.step < shot.step), shot];
  writeAtomic(path, JSON.stringify({ snapshots, generations } satisfies SnapshotsFile));
}

/** The trained model (registers and extra heads dropped) as ONNX beside the run. */
export async function saveModel(out: string, run: TrainingRun, seed: number): Promise<void> {
  writeAtomic(join(out, modelFileName(run.method.kind, seed)), exportOnnx(run.config, await run.parameters()));
}
