import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeLink, encodeLink, presetById } from '../experiment';
import { splitsFor } from '../train/data';
import { currentDataFile, setDataFile } from '../tasks';
import { ConfigError } from './args';
import { applyDataFlag } from './dataFlag';

const dir = mkdtempSync(join(tmpdir(), 'mutor-data-'));
const file = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return join(dir, name);
};
const good = file('pairs.csv', ['prompt,answer', ...Array.from({ length: 20 }, (_, i) => `rev:${i}x=,x${[...String(i)].reverse().join('')}`)].join('\n'));
const tiny = () => structuredClone(presetById('tiny')!.config);

describe('--data', () => {
  afterEach(() => setDataFile(null));

  it('makes the experiment the custom task on the file, named in its link by name and SHA-256', async () => {
    const exp = tiny();
    await applyDataFlag(exp, good);
    expect(exp.task).toEqual({ name: 'custom', knobs: {} });
    expect(exp.data.fileName).toBe('pairs.csv');
    expect(exp.data.fileSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(currentDataFile()?.pairs).toHaveLength(20);
    const { config, problems } = decodeLink(encodeLink(exp));
    expect(problems).toEqual([]);
    expect(config).toEqual(exp);
    const splits = splitsFor(exp);
    expect(splits.test).toHaveLength(4); // a fifth of 20 prompts
    expect(splits.train).toHaveLength(16);
    // The link of another file is refused, and without --data the command says which file to give.
    const other = structuredClone(exp);
    other.data.fileSha256 = 'f'.repeat(64);
    await expect(applyDataFlag(other, good)).rejects.toThrow(/names the data file pairs\.csv \(SHA-256 ffffffffffff…\), but .*pairs\.csv has SHA-256/);
    await expect(applyDataFlag(structuredClone(exp), undefined)).rejects.toThrow(/trains on your data file pairs\.csv .*: pass it with --data <file>/);
    setDataFile(null);
    expect(() => splitsFor(exp)).toThrow(/this experiment trains on your data file pairs\.csv .*: choose that file first/);
  });

  it('refuses a missing file and unsupported characters in one line', async () => {
    await expect(applyDataFlag(tiny(), join(dir, 'nope.csv'))).rejects.toThrow(ConfigError);
    const bad = file('bad.csv', 'prompt,answer\na=,b\nc=,d\ne=,f\ng=,h\nÄ=,x');
    await expect(applyDataFlag(tiny(), bad)).rejects.toThrow('bad.csv: unsupported character "Ä": "Ä" at line 6, prompt column 1. The tokenizer knows');
  });

  it('leaves a generated task alone without --data', async () => {
    const exp = tiny();
    await applyDataFlag(exp, undefined);
    expect(exp).toEqual(tiny());
  });
});
