// Checkpoints on disk (Node only): parameters and AdamW moments as raw float32 files plus a JSON header that holds
// the caller's state and each file's size and SHA-256. Saving is atomic: the new checkpoint is written and fsync'd
// in `<dir>.tmp` (its header last, renamed into place), then the old one moves aside to `<dir>.old`, the new one is
// renamed in and the old one deleted. A kill at any point leaves either a complete `<dir>` or a complete `<dir>.tmp`
// / `<dir>.old` that loadCheckpoint promotes. A file that fails its checks is named and refused.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a checkpoint holds: a JSON-safe header (the caller's state) and the three flat float32 arrays. */
export interface Checkpoint<H> {
  header: H;
  params: Float32Array;
  m: Float32Array;
  v: Float32Array;
}

/** Which loop wrote a checkpoint: a pretraining run and a fine-tuning run are not interchangeable. */
export type CheckpointKind = 'pretrain' | 'run';

const FORMAT = 2;
const ARRAYS = ['params', 'm', 'v'] as const;
const HEADER = 'checkpoint.json';

interface StoredHeader<H> {
  format: number;
  kind: CheckpointKind;
  header: H;
  files: Record<(typeof ARRAYS)[number], { floats: number; sha256: string }>;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function bytesOf(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes and fsyncs one file. */
function writeDurable(path: string, bytes: Uint8Array | string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, typeof bytes === 'string' ? Buffer.from(bytes) : bytes);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes renames and deletions in a folder durable. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export function saveCheckpoint<H>(dir: string, kind: CheckpointKind, c: Checkpoint<H>): void {
  const tmp = `${dir}.tmp`, old = `${dir}.old`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const files = {} as StoredHeader<H>['files'];
  for (const name of ARRAYS) {
    const bytes = bytesOf(c[name]);
    writeDurable(join(tmp, `${name}.f32`), bytes);
    files[name] = { floats: c[name].length, sha256: sha256(bytes) };
  }
  const stored: StoredHeader<H> = { format: FORMAT, kind, header: c.header, files };
  // The header appears only complete (written aside, then renamed): its presence marks a finished checkpoint.
  writeDurable(join(tmp, `${HEADER}.part`), JSON.stringify(stored));
  renameSync(join(tmp, `${HEADER}.part`), join(tmp, HEADER));
  fsyncDir(tmp);
  rmSync(old, { recursive: true, force: true });
  if (existsSync(dir)) renameSync(dir, old);
  renameSync(tmp, dir);
  fsyncDir(dirname(dir));
  rmSync(old, { recursive: true, force: true });
}

/** Finishes a save that a kill interrupted: a complete new checkpoint wins, then the old one; leftovers go. */
function recover(dir: string): void {
  const tmp = `${dir}.tmp`, old = `${dir}.old`;
  if (!existsSync(join(dir, HEADER))) {
    const complete = [tmp, old].find((d) => existsSync(join(d, HEADER)));
    if (complete) {
      rmSync(dir, { recursive: true, force: true });
      renameSync(complete, dir);
    }
  }
  rmSync(tmp, { recursive: true, force: true });
  rmSync(old, { recursive: true, force: true });
}

/** The checkpoint in `dir` (null when there is none); throws, naming the file, when it is corrupt or of another kind. */
export function loadCheckpoint<H>(dir: string, kind: CheckpointKind): Checkpoint<H> | null {
  recover(dir);
  const headerPath = join(dir, HEADER);
  if (!existsSync(headerPath)) return null;
  const refuse = (why: string) => new Error(`checkpoint ${dir} is unusable: ${why}; delete the folder to start over`);
  let stored: StoredHeader<H>;
  try {
    stored = JSON.parse(readFileSync(headerPath, 'utf8')) as StoredHeader<H>;
  } catch (e) {
    throw refuse(`${HEADER} is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  if (stored?.format !== FORMAT) throw refuse(`${HEADER} has format ${String(stored?.format)}, this version reads ${FORMAT}`);
  if (stored.kind !== kind) throw refuse(`it was written by a ${stored.kind} loop, not a ${kind} loop`);
  const arrays = {} as Record<(typeof ARRAYS)[number], Float32Array>;
  for (const name of ARRAYS) {
    const file = `${name}.f32`, want = stored.files?.[name];
    if (!want) throw refuse(`${HEADER} does not list ${file}`);
    if (!existsSync(join(dir, file))) throw refuse(`${file} is missing`);
    const bytes = readFileSync(join(dir, file));
    if (bytes.byteLength !== want.floats * 4) throw refuse(`${file} holds ${bytes.byteLength} bytes, its header says ${want.floats * 4}`);
    if (sha256(bytes) !== want.sha256) throw refuse(`${file} does not match its SHA-256`);
    arrays[name] = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  }
  if (arrays.m.length !== arrays.params.length || arrays.v.length !== arrays.params.length) throw refuse('the parameter and moment files differ in size');
  return { header: stored.header, ...arrays };
}

/** Deletes a checkpoint and any leftover of an interrupted save. */
export function removeCheckpoint(dir: string): void {
  for (const d of [dir, `${dir}.tmp`, `${dir}.old`]) rmSync(d, { recursive: true, force: true });
}
