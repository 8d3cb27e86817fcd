// The defaults, the field table's coverage of the schema, and the records the trainer takes from a config.
import { describe, expect, it } from 'vitest';
import { defaultOptimizerOptions, learningRateAt } from '../model/schedule';
import { tasks } from '../tasks';
import { fieldsFor, staticFields } from './fields';
import { checkExperiment } from './object';
import { getPath } from './paths';
import { cloneExperiment, defaultExperiment, methodConfigFor, optimizerOptionsFor } from './schema';
import { checkValue } from './values';

/** Every leaf path of an object ('optimizer.lr', 'task.knobs.degree'), arrays as leaves. */
function leafPaths(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? leafPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('defaultExperiment', () => {
  it('is valid, frozen, and copied mutable by cloneExperiment', () => {
    expect(checkExperiment(defaultExperiment)).toEqual([]);
    expect(Object.isFrozen(defaultExperiment.optimizer)).toBe(true);
    const c = cloneExperiment();
    c.optimizer.lr = 0.5;
    expect(defaultExperiment.optimizer.lr).toBe(0.001);
  });

  it('is a quick star-graph comparison with the paper’s star-graph method knobs', () => {
    expect(defaultExperiment.task.name).toBe('starGraph');
    expect(defaultExperiment.runs).toEqual(['ntp', 'mutor']);
    expect(methodConfigFor(defaultExperiment, 'mutor')).toMatchObject({ kind: 'mutor', dMin: 2, dMax: 4, alpha: 0.5, placement: 'all' });
  });
});

describe('field table', () => {
  it.each(Object.keys(tasks))('covers every leaf of an experiment on %s exactly once', (task) => {
    const c = cloneExperiment();
    c.task = { name: task, knobs: Object.fromEntries(tasks[task].knobSpecs.map((s) => [s.name, s.default])) };
    const fields = fieldsFor(task);
    expect(fields.map((f) => f.path).sort()).toEqual(leafPaths(c).filter((p) => p !== 'version').sort());
    expect(new Set(fields.map((f) => f.key)).size).toBe(fields.length);
    for (const f of fields) {
      expect(f.key).toMatch(/^[a-z][a-zA-Z0-9.]*$/);
      expect(checkValue(f, getPath(c, f.path)), f.path).toMatchObject({ ok: true });
      expect(f.label.length * f.help.length, f.path).toBeGreaterThan(0);
    }
  });

  it('shows method knobs only to the runs that use them', () => {
    const visible = (runs: string[], placement = 'all') => {
      const c = cloneExperiment();
      c.runs = runs as typeof c.runs;
      c.method.placement = placement as typeof c.method.placement;
      return staticFields.filter((f) => f.group === 'method' && (!f.visibleWhen || f.visibleWhen(c))).map((f) => f.key);
    };
    expect(visible(['ntp'])).toEqual(['runs']);
    expect(visible(['ntp', 'multiTokenHeads'])).toEqual(['runs', 'dmax', 'a']);
    expect(visible(['mutor'])).toEqual(['runs', 'dmax', 'dmin', 'a', 'place', 'inprompt', 'peremb']);
    expect(visible(['mutor'], 'everyK')).toContain('pk');
    expect(visible(['mutor'], 'fraction')).toContain('pf');
  });

  it('gives LoRA its own group, and only its fields, with help in plain words', () => {
    const lora = staticFields.filter((f) => f.group === 'lora');
    expect(lora.map((f) => f.key)).toEqual(['lora', 'loraa', 'loramlp']);
    expect(staticFields.filter((f) => f.path.startsWith('lora.') && f.group !== 'lora')).toEqual([]);
    for (const f of lora) expect(f.help).not.toMatch(/A·B|W \+|projections/);
  });
});

describe('optimizerOptionsFor', () => {
  it('maps the optimizer group onto the trainer’s options, decaying over the whole run', () => {
    const c = cloneExperiment();
    const o = optimizerOptionsFor(c);
    expect(Object.keys(o).sort()).toEqual(Object.keys(defaultOptimizerOptions).sort());
    expect(o).toMatchObject({ totalSteps: c.steps, maxGradNorm: c.optimizer.clipNorm, schedule: 'cosine' });
    expect(learningRateAt(c.steps - 1, o)).toBeCloseTo(c.optimizer.lr * c.optimizer.minLrRatio, 5);
  });
});
