// Every preset is a valid experiment that survives the link, with the paper's settings where it claims them.
import { describe, expect, it } from 'vitest';
import { modelConfigFor } from '../methods/params';
import { methodOf } from '../methods/registry';
import { defaultModelConfig } from '../model/config';
import { outputHeads } from '../model/methodTensors';
import { makeSplits, tasks } from '../tasks';
import { decodeLink, encodeLink } from './link';
import { checkExperiment } from './object';
import { experimentFrom, presetById, presets } from './presets';
import { methodConfigFor } from './schema';

describe('presets', () => {
  it('have unique ids, a title and a one-line description', () => {
    expect(new Set(presets.map((p) => p.id)).size).toBe(presets.length);
    for (const p of presets) {
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.description).not.toMatch(/\n/);
      expect(presetById(p.id)).toBe(p);
    }
  });

  it.each(presets.map((p) => [p.id, p] as const))('%s validates, round-trips through its link and builds every run', (_id, p) => {
    expect(checkExperiment(p.config)).toEqual([]);
    expect(decodeLink(encodeLink(p.config))).toEqual({ config: p.config, problems: [] });
    for (const kind of p.config.runs) expect(methodConfigFor(p.config, kind).kind).toBe(kind);
  });

  it('use the paper’s settings', () => {
    for (const [id, pathLength, dMax, alpha] of [['star-graph-g2-5', 5, 4, 0.5], ['star-graph-g2-10', 10, 6, 0.3]] as const) {
      const star = presetById(id)!.config;
      expect(star.task).toEqual({ name: 'starGraph', knobs: { degree: 2, pathLength, nodePool: 36, separators: 0, reverse: 0 } });
      expect(star.method).toMatchObject({ dMin: 2, dMax, alpha });
      expect([star.model.id, star.runs, star.data.trainSize]).toEqual(['scratch', ['ntp', 'mutor'], 100_000]);
    }
    const quick = presetById('star-graph')!.config;
    expect(quick.task.knobs).toMatchObject({ degree: 2, pathLength: 3, separators: 0 });
    for (const id of ['arithmetic', 'arithmetic-heads']) {
      const c = presetById(id)!.config;
      expect(c.task.name).toBe('arithmetic');
      expect(c.method).toMatchObject({ dMin: 1, dMax: 4, alpha: 0.3 });
    }
    const heads = presetById('arithmetic-heads')!.config;
    expect(heads.runs).toEqual(['ntp', 'mutor', 'multiTokenHeads']);
    const mth = methodConfigFor(heads, 'multiTokenHeads');
    expect([outputHeads(modelConfigFor(defaultModelConfig, mth)), methodOf(mth.kind).groupCoefficients(mth)]).toEqual([4, [0.7, 0.3]]);
  });

  it('keep the tiny preset tiny, with data its task can supply', () => {
    const tiny = presetById('tiny')!.config;
    const sequences = tiny.steps * tiny.optimizer.batchSize * tiny.optimizer.gradAccumulation * tiny.runs.length;
    expect(sequences).toBeLessThanOrEqual(200);
    expect(tiny.evalSize).toBeLessThanOrEqual(16);
    const splits = makeSplits(tasks[tiny.task.name], tiny.task.knobs, tiny.data.dataSeed, tiny.data.trainSize, tiny.data.testSize);
    expect([splits.train.length, splits.test.length]).toEqual([64, 16]);
  });

  it('refuses overrides that do not validate', () => {
    expect(() => experimentFrom({ method: { dMax: 0 } })).toThrow(/d max \(method\.dMax\): '0' must be an integer in 1\.\.16/);
  });
});
