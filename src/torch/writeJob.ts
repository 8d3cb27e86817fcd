// Writes an exported PyTorch job to a folder (Node): the files of torchJobFiles, train.py read from beside this file.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExperimentConfig } from '../experiment/schema';
import type { BaseModel } from '../train/baseModel';
import { torchJobFiles } from './job';

/** The training script every job carries. */
const TRAIN_PY = join(dirname(fileURLToPath(import.meta.url)), 'train.py');

/** Returns the bytes written. */
export function writeTorchJob(exp: ExperimentConfig, base: BaseModel, out: string): number {
  let bytes = 0;
  for (const file of torchJobFiles(exp, base, readFileSync(TRAIN_PY, 'utf8'))) {
    const path = join(out, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.bytes);
    bytes += file.bytes.length;
  }
  return bytes;
}
