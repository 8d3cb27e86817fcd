// Pretraining checkpoints on disk (Node only): parameters and AdamW moments as raw float32 files plus a JSON header,
// written to a temporary folder and renamed, so an interrupted write never leaves a half checkpoint.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelConfig } from '../model/config';

export interface CheckpointHeader {
  format: 1;
  id: string;
  seed: number;
  step: number;
  /** The run's total steps (the schedule depends on it: a resume must use the same). */
  totalSteps: number;
  config: ModelConfig;
  /** (step, loss) pairs logged so far. */
  losses: [number, number][];
  tokens: number;
  wallMs: number;
}

export interface Checkpoint {
  header: CheckpointHeader;
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

const FILES = ['params', 'm', 'v'] as const;

function floatsOf(path: string): Float32Array {
  const bytes = readFileSync(path);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function saveCheckpoint(dir: string, c: Checkpoint): void {
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const f of FILES) writeFileSync(join(tmp, `${f}.f32`), new Uint8Array(c[f].buffer, c[f].byteOffset, c[f].byteLength));
  writeFileSync(join(tmp, 'checkpoint.json'), JSON.stringify(c.header));
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
}

export function loadCheckpoint(dir: string): Checkpoint | null {
  const headerPath = join(dir, 'checkpoint.json');
  if (!existsSync(headerPath)) return null;
  const header = JSON.parse(readFileSync(headerPath, 'utf8')) as CheckpointHeader;
  if (header.format !== 1) throw new Error(`checkpoint ${dir}: unknown format ${header.format}`);
  const [params, m, v] = FILES.map((f) => floatsOf(join(dir, `${f}.f32`)));
  if (params.length !== m.length || params.length !== v.length) throw new Error(`checkpoint ${dir}: parameter and moment files differ in size`);
  return { header, params, m, v };
}
