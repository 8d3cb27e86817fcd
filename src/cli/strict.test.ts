// The CLI refuses what the page would forgive: each case of issue 14's "The CLI falls back leniently" is one line
// naming the file, flag or field, and nothing runs.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cloneExperiment } from '../experiment/schema';
import { readSavedRun } from './experiment/savedRunFile';
import { ConfigError, Flags, parseArgs, UsageError } from './args';
import { fieldFlag } from './fieldFlag';
import { loadExperiment } from './loadExperiment';
import { methodsFlag } from './methodsFlag';

const dir = mkdtempSync(join(tmpdir(), 'mutor-strict-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

describe('loadExperiment (strict)', () => {
  it.each([
    ['a missing file', join(dir, 'nosuch.json'), /^config file .*nosuch\.json not found/],
    ['broken JSON', file('broken.json', '{ "steps": 5, '), /^config .*broken\.json: the config is not valid JSON/],
    ['an unknown version', file('v9.json', '{ "version": 9 }'), /^config .*v9\.json: version 9 comes from a newer playground/],
    ['an out-of-range field', file('lr.json', '{ "optimizer": { "lr": 5 } }'), /^config .*lr\.json: Learning rate \(optimizer\.lr\): '5' must be a number in \(0, 1\]$/],
    ['an unknown link version', 'v=7&lr=0.1', /^--config link: version 7 comes from a newer playground/],
    ['an out-of-range link field', 'v=1&bs=0', /^--config link: Batch size \(bs\): '0' must be an integer in 1\.\.1024$/],
    ['an empty link key', 'v=1&=5', /^--config link: link part =5 has an empty key$/],
  ])('refuses %s in one line', (_, source, message) => {
    let error: unknown;
    try {
      loadExperiment(source, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toMatch(/[\n\u2028\u2029]|using the default/);
  });

  it('reads a good file and a good link', () => {
    expect(loadExperiment(file('ok.json', '{ "steps": 7 }'), undefined).steps).toBe(7);
    expect(loadExperiment('http://x/#v=1&steps=8', undefined).steps).toBe(8);
  });
});

describe('flags', () => {
  const flags = (...argv: string[]) => new Flags(parseArgs(argv));

  it('bounds --steps and --seed by the field table', () => {
    const exp = cloneExperiment();
    fieldFlag(flags('--steps', '12'), 'steps', 'steps', exp);
    expect(exp.steps).toBe(12);
    expect(() => fieldFlag(flags('--steps', '1000001'), 'steps', 'steps', exp)).toThrow("--steps '1000001' must be an integer in 1..1000000");
    expect(() => fieldFlag(flags('--steps', '0x10'), 'steps', 'steps', exp)).toThrow(UsageError);
    expect(() => fieldFlag(flags('--seed', '-1'), 'seed', 'seed', exp)).toThrow(/--seed '-1' must be an integer in 0\.\./);
  });

  it('rejects a method given twice', () => {
    expect(methodsFlag('ntp,mutor')).toEqual(['ntp', 'mutor']);
    expect(() => methodsFlag('ntp,ntp')).toThrow("--method: method 'ntp' is given more than once");
  });
});

describe('saved runs', () => {
  it.each([
    ['cut off', '{"method":"ntp","seed":1,'],
    ['not a run', '[1, 2]'],
    ['a wrong method', '{"method":"gpt","seed":1,"link":"v=1","steps":[],"evals":[],"summary":{"testAccuracy":0}}'],
  ])('names a corrupt file (%s)', (_, text) => {
    const path = file('run-ntp-seed1.json', text);
    expect(() => readSavedRun(path)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is not a saved run \\(.+\\): delete it or use another --out$`));
  });
});

describe('mutor train with a bad --config', () => {
  it('exits 2 with one line on stderr, nothing on stdout, and writes nothing', () => {
    const out = mkdtempSync(join(tmpdir(), 'mutor-strict-out-'));
    const r = spawnSync(process.execPath, ['bin/mutor.js', 'train', '--config', join(dir, 'nosuch.json'), '--json', '--save-onnx', join(out, 'run')], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^mutor train: config file .*nosuch\.json not found/)]);
    expect(readdirSync(out)).toEqual([]);
  });
});
