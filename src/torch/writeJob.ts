// Writes an exported PyTorch job to a folder (Node): the files of torchJobFiles and train.py beside them.
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExperimentConfig } from '../experiment/schema';
import type { BaseModel } from '../train/baseModel';
import { torchJobFiles } from './job';

/** The training script every job carries. */
export const TRAIN_PY = join(dirname(fileURLToPath(import.meta.url)), 'train.py');

/** Returns the bytes written. */
export function writeTorchJob(exp: ExperimentConfig, base: BaseModel, out: string): number {
  let bytes = 0;
  for (const file of torchJobFiles(exp, base)) {
    const path = join(out, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
    bytes += file.bytes.length;
  }
  copyFileSync(TRAIN_PY, join(out, 'train.py'));
  return bytes;
}
