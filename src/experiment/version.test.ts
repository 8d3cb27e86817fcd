// Old links and config files keep meaning what they meant: a version-1 star graph is the comma format.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { splitsFor } from '../train/data';
import { decodeLink, encodeLink } from './link';
import { readExperimentObject } from './object';

/** A row of EXPERIMENTS.md (star graph, degree 2, path length 3, NTP seed 1), written before version 2. */
const EXPERIMENTS_MD_V1 = 'v=1&name=Star%20graph,%20degree%202&k.pathLength=3&train=100000&model=nano&runs=ntp&lr=0.003&steps=600&eval=100';

describe('version-1 experiments', () => {
  it('generate byte-identical star-graph data to what version 1 generated (comma format)', () => {
    const { config, problems } = decodeLink(EXPERIMENTS_MD_V1);
    expect(problems).toEqual([]);
    expect(config.task).toEqual({ name: 'starGraph', knobs: { degree: 2, pathLength: 3, nodePool: 36, separators: 1, reverse: 0 } });
    const { train, test } = splitsFor(config);
    expect([test[0].promptText, test[0].answerText, train[0].promptText, train[0].answerText]).toEqual(['p,j|6,a|p,6|j,g/p,a=', 'p,6,a', 'k,e|h,t|e,5|k,h/k,t=', 'k,h,t']);
    const hash = createHash('sha256');
    for (const e of [...test, ...train]) hash.update(`${e.prompt.join(' ')}>${e.answer.join(' ')}\n`);
    // Computed with the version-1 playground (commit b58d104) over the same 200 test and 100,000 train examples.
    expect(hash.digest('hex')).toBe('ffa11f94c943e71e108e5737227eda5232ed52c34933114c39efa5b987bbe996');
  });

  it('re-encode as version 2 with the format written out, and read back the same', () => {
    const old = decodeLink(EXPERIMENTS_MD_V1).config;
    const link = encodeLink(old);
    expect(link).toBe('v=2&name=Star%20graph,%20degree%202&k.pathLength=3&k.separators=1&train=100000&model=nano&runs=ntp&lr=0.003&steps=600&eval=100');
    expect(decodeLink(link)).toEqual({ config: old, problems: [] });
  });

  it('are read the same way from a config file; a file without a version is the current format', () => {
    const file = { version: 1, task: { name: 'starGraph', knobs: { pathLength: 3 } } };
    expect(readExperimentObject(file).config.task.knobs.separators).toBe(1);
    expect(readExperimentObject({ ...file, version: undefined }).config.task.knobs.separators).toBe(0);
    expect(decodeLink('k.pathLength=3').config.task.knobs.separators).toBe(0);
  });

  it('leave other tasks as they were', () => {
    const arithmetic = 'task=arithmetic&train=100000&model=nano&runs=ntp,mutor&lr=0.003&steps=300&eval=100';
    expect(decodeLink(`v=1&${arithmetic}`)).toEqual(decodeLink(`v=2&${arithmetic}`));
  });
});
