// Atomic checkpoints: every state a kill can leave behind loads as the old or the new checkpoint, never as nothing
// or half of one; a damaged file is named and refused.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, removeCheckpoint, saveCheckpoint, type Checkpoint } from './checkpoint';

const root = mkdtempSync(join(tmpdir(), 'mutor-ckpt-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function checkpoint(step: number): Checkpoint<{ step: number }> {
  const a = (x: number) => Float32Array.from({ length: 5 }, (_, i) => x + i);
  return { header: { step }, params: a(step), m: a(step + 0.5), v: a(step + 0.25) };
}

const stepIn = (dir: string) => loadCheckpoint<{ step: number }>(dir, 'run')?.header.step;

describe('checkpoints', () => {
  it('round-trips the header and every float, and replaces the old checkpoint', () => {
    const dir = join(root, 'a');
    expect(loadCheckpoint(dir, 'run')).toBeNull();
    saveCheckpoint(dir, 'run', checkpoint(1));
    saveCheckpoint(dir, 'run', checkpoint(2));
    expect(loadCheckpoint(dir, 'run')).toEqual(checkpoint(2));
    expect(existsSync(`${dir}.tmp`) || existsSync(`${dir}.old`)).toBe(false);
    removeCheckpoint(dir);
    expect(loadCheckpoint(dir, 'run')).toBeNull();
  });

  it('recovers from a kill at every point of a save', () => {
    // Killed while writing the new one: the old one stands and the half-written one goes.
    const a = join(root, 'kill-writing');
    saveCheckpoint(a, 'run', checkpoint(1));
    mkdirSync(`${a}.tmp`);
    writeFileSync(join(`${a}.tmp`, 'params.f32'), 'half');
    writeFileSync(join(`${a}.tmp`, 'checkpoint.json.part'), '{"form');
    expect(stepIn(a)).toBe(1);
    expect(existsSync(`${a}.tmp`)).toBe(false);
    // Killed before the first checkpoint was complete: there is none.
    const b = join(root, 'kill-first');
    mkdirSync(`${b}.tmp`);
    expect(loadCheckpoint(b, 'run')).toBeNull();
    // Killed after the old one moved aside, before the new one moved in: the new one is complete and wins.
    const c = join(root, 'kill-between');
    saveCheckpoint(c, 'run', checkpoint(1));
    saveCheckpoint(`${c}-next`, 'run', checkpoint(2));
    renameSync(c, `${c}.old`);
    renameSync(`${c}-next`, `${c}.tmp`);
    expect(stepIn(c)).toBe(2);
    expect(existsSync(`${c}.old`)).toBe(false);
    // Killed after the new one moved in, before the old one was deleted.
    const d = join(root, 'kill-after');
    saveCheckpoint(d, 'run', checkpoint(1));
    renameSync(d, `${d}.old`);
    saveCheckpoint(d, 'run', checkpoint(2));
    expect(stepIn(d)).toBe(2);
    expect(existsSync(`${d}.old`)).toBe(false);
  });

  it('names and refuses a corrupt or foreign checkpoint', () => {
    const dir = join(root, 'corrupt');
    saveCheckpoint(dir, 'run', checkpoint(1));
    expect(() => loadCheckpoint(dir, 'pretrain')).toThrow(/corrupt is unusable: it was written by a run loop, not a pretrain loop/);
    writeFileSync(join(dir, 'm.f32'), new Uint8Array(20));
    expect(() => loadCheckpoint(dir, 'run')).toThrow(/m\.f32 does not match its SHA-256; delete the folder/);
    writeFileSync(join(dir, 'm.f32'), new Uint8Array(8));
    expect(() => loadCheckpoint(dir, 'run')).toThrow(/m\.f32 holds 8 bytes, its header says 20/);
    writeFileSync(join(dir, 'checkpoint.json'), '{"format": 2,');
    expect(() => loadCheckpoint(dir, 'run')).toThrow(/checkpoint\.json is not JSON/);
    writeFileSync(join(dir, 'checkpoint.json'), '{"format": 1}');
    expect(() => loadCheckpoint(dir, 'run')).toThrow(/format 1, this version reads 2/);
  });
});
