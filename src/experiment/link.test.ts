// The share link: round trips, the readable format, and every kind of bad input falling back field by field.
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { arbitraryExperiment } from './arbitrary';
import { fieldsFor } from './fields';
import { decodeLink, encodeLink, MAX_LINK_LENGTH } from './link';
import { getPath } from './paths';
import { cloneExperiment, defaultExperiment, type ExperimentConfig } from './schema';

const HTML_SIGNIFICANT = /[<>"'`]/;

/** Every problem names its field (or key), and no problem or decoded string carries markup characters. */
function expectInert(d: ReturnType<typeof decodeLink>) {
  for (const p of d.problems) {
    expect(HTML_SIGNIFICANT.test(p.value) || HTML_SIGNIFICANT.test(p.key), JSON.stringify(p)).toBe(false);
    expect(/[<>]/.test(p.message), p.message).toBe(false);
  }
  for (const f of fieldsFor(d.config.task.name)) {
    const v = getPath(d.config, f.path);
    if (typeof v === 'string') expect(HTML_SIGNIFICANT.test(v), f.path).toBe(false);
  }
}

/** The decoded config equals the default one except at `path`s listed in `changed`. */
function expectOnlyChanged(config: ExperimentConfig, changed: Record<string, unknown>) {
  const expected = cloneExperiment();
  for (const [path, value] of Object.entries(changed)) {
    const parts = path.split('.');
    const leaf = parts.pop() as string;
    (getPath(expected, parts.join('.')) as Record<string, unknown> ?? expected)[leaf] = value;
  }
  expect(config).toEqual(expected);
}

describe('encodeLink', () => {
  it('writes only the version for the defaults', () => {
    expect(encodeLink(defaultExperiment)).toBe('v=2');
  });

  it('writes non-default fields by short key, readable', () => {
    const c = cloneExperiment();
    c.task.knobs.degree = 3;
    c.runs = ['ntp', 'mutor', 'multiTokenHeads'];
    c.optimizer.lr = 0.0005;
    c.optimizer.eps = 1e-9;
    c.method.registersInPrompt = true;
    c.name = 'Deg 3, (try 2)';
    expect(encodeLink(c)).toBe('v=2&name=Deg%203,%20(try%202)&k.degree=3&runs=ntp,mutor,multiTokenHeads&inprompt=1&lr=0.0005&eps=1e-9');
  });

  it('leaves out fields that do not matter for the chosen runs and options', () => {
    const c = cloneExperiment();
    c.runs = ['ntp'];
    c.method.dMin = 1;
    c.method.alpha = 0.1;
    c.optimizer.schedule = 'constant';
    c.optimizer.minLrRatio = 0.5;
    c.model.fileName = 'x.onnx';
    expect(encodeLink(c)).toBe('v=2&runs=ntp&sched=constant');
  });
});

describe('round trip', () => {
  it('encode(decode(encode(c))) == encode(c), and visible fields survive, for random valid configs', () => {
    const rng = createRng(20250516);
    for (let i = 0; i < 500; i++) {
      const c = arbitraryExperiment(rng);
      const link = encodeLink(c);
      const { config, problems } = decodeLink(`#${link}`);
      expect(problems, link).toEqual([]);
      expect(encodeLink(config)).toBe(link);
      for (const f of fieldsFor(c.task.name)) {
        if (!f.visibleWhen || f.visibleWhen(c)) expect(getPath(config, f.path), `${f.path} in ${link}`).toEqual(getPath(c, f.path));
      }
      expect(link.length).toBeLessThan(MAX_LINK_LENGTH);
    }
  });

  it('reads the query form, spaces as +, and an empty link as the defaults', () => {
    expect(decodeLink('?v=2&name=a+b').config.name).toBe('a b');
    expect(decodeLink('')).toEqual({ config: cloneExperiment(), problems: [] });
    expect(decodeLink('#')).toEqual({ config: cloneExperiment(), problems: [] });
  });

  it('reads a link without a version as the current version', () => {
    expect(decodeLink('lr=0.01')).toEqual({ config: { ...cloneExperiment(), optimizer: { ...defaultExperiment.optimizer, lr: 0.01 } }, problems: [] });
  });
});

describe('bad links fall back field by field', () => {
  const cases: [string, string, string, RegExp][] = [
    ['out of range', 'a=1.5', 'method.alpha', /Auxiliary weight a \(a\): '1\.5' must be a number in \[0, 1\]; using the default '0\.5'/],
    ['open bound', 'lr=0', 'optimizer.lr', /Learning rate \(lr\): '0' must be a number in \(0, 1\]/],
    ['NaN', 'lr=NaN', 'optimizer.lr', /'NaN' is not a finite number/],
    ['Infinity', 'clip=Infinity', 'optimizer.clipNorm', /'Infinity' is not a finite number/],
    ['overflow to Infinity', 'clip=1e999', 'optimizer.clipNorm', /must be a finite number/],
    ['hex number', 'steps=0x10', 'steps', /'0x10' is not a finite number/],
    ['not an integer', 'bs=2.5', 'optimizer.batchSize', /Batch size \(bs\): '2\.5' must be an integer in 1\.\.1024/],
    ['empty number', 'steps=', 'steps', /Steps \(steps\): '' is not a finite number/],
    ['wrong enum', 'sched=exp', 'optimizer.schedule', /Schedule \(sched\): 'exp' must be one of constant, linear, cosine; using the default 'cosine'/],
    ['enum case', 'model=Nano', 'model.id', /must be one of nano, small, scratch, file/],
    ['bad bool', 'inprompt=yes', 'method.registersInPrompt', /must be true or false/],
    ['empty list item (truncated)', 'runs=ntp,', 'runs', /Methods \(runs\): 'ntp,' must be a comma-separated list/],
    ['repeated list item', 'runs=mutor,mutor', 'runs', /distinct values/],
    ['unknown list item', 'runs=ntp,gpt', 'runs', /from ntp, mutor, mutor2d, multiTokenHeads/],
    ['knob out of range', 'k.degree=11', 'task.knobs.degree', /degree \(k\.degree\): '11' must be an integer in 2\.\.10/],
    ['bad sha', 'sha=XYZ', 'model.fileSha256', /Model SHA-256 \(sha\): 'XYZ' must be empty or 64 lowercase hex digits/],
    ['repeated key', 'steps=10&steps=20', 'steps', /steps is given more than once; using the first value/],
    ['missing =', 'steps', 'steps', /link part steps is not key=value; ignored/],
    ['broken escape (truncated)', 'name=abc%2', 'name', /link part name=abc%2 has a broken %-escape; ignored/],
  ];

  it.each(cases)('%s: %s', (_what, bad, field, message) => {
    const d = decodeLink(`#v=2&wd=0.02&${bad}&seed=7`);
    expect(d.problems, JSON.stringify(d.problems)).toHaveLength(1);
    expect(d.problems[0].field).toBe(field);
    expect(d.problems[0].message).toMatch(message);
    expect(d.config.optimizer.weightDecay).toBe(0.02);
    expect(d.config.seed).toBe(7);
    expect(getPath(d.config, field), 'a bad field keeps its default (or first) value').toEqual(
      bad.startsWith('steps=10') ? 10 : getPath(defaultExperiment, field),
    );
    expectInert(d);
  });

  it('ignores unknown keys and knobs of another task with a warning', () => {
    const d = decodeLink('v=2&zzz=1&k.maxSteps=4&lr=0.01');
    expect(d.problems.map((p) => [p.field, p.key, p.message])).toEqual([
      [null, 'zzz', 'unknown key zzz; ignored'],
      [null, 'k.maxSteps', 'task starGraph has no knob maxSteps (knobs: degree, pathLength, nodePool, separators, reverse); ignored'],
    ]);
    expect(d.config.optimizer.lr).toBe(0.01);
  });

  it('falls back from an unknown task to the default one and says so', () => {
    const d = decodeLink('v=2&task=chess&k.degree=3&steps=50');
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toMatchObject({ field: 'task.name', key: 'task', value: 'chess' });
    expect(d.problems[0].message).toMatch(/Task \(task\): 'chess' must be one of starGraph, arithmetic, reversal, sorting, custom, fashionMnist; using the default 'starGraph'/);
    expectOnlyChanged(d.config, { 'task.knobs.degree': 3, steps: 50 });
  });

  it('repairs knobs the task rejects together, naming the conflict', () => {
    const d = decodeLink('v=2&k.degree=10&k.pathLength=15&k.nodePool=20&steps=50');
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0].field).toBe('task.knobs');
    expect(d.problems[0].message).toMatch(/task starGraph: degree 10 and pathLength 15 need 141 distinct nodes but nodePool is 20; its knobs fall back to their defaults/);
    expectOnlyChanged(d.config, { steps: 50 });
  });

  it('keeps d min within d max without a word when no run uses d min', () => {
    expect(decodeLink('v=2&runs=multiTokenHeads&dmax=1')).toMatchObject({ config: { method: { dMin: 1, dMax: 1 } }, problems: [] });
  });

  it('repairs fields that contradict each other', () => {
    const d = decodeLink('v=2&dmax=3&dmin=4&test=50&evaln=80&model=file&file=m.onnx');
    expect(d.problems.map((p) => p.field)).toEqual(['method.dMin', 'evalSize', 'model.fileSha256']);
    expect(d.problems[0].message).toBe('d min (dmin) 4 exceeds d max (dmax) 3; using 3');
    expect(d.problems[1].message).toBe('Evaluation size (evaln) 80 exceeds Test examples (test) 50; using 50');
    expect(d.problems[2].message).toMatch(/Base model \(model\) 'file' needs Model SHA-256 \(sha\)/);
    expectOnlyChanged(d.config, { 'method.dMax': 3, 'method.dMin': 3, 'data.testSize': 50, evalSize: 50 });
  });

  it('does not read a link past the length limit', () => {
    const d = decodeLink(`v=2&name=${'a'.repeat(MAX_LINK_LENGTH)}`);
    expect(d.config).toEqual(cloneExperiment());
    expect(d.problems[0].message).toMatch(/more than 4096; showing the default experiment instead/);
  });
});

describe('versions', () => {
  it.each([
    ['0', /version 0 is older than the oldest format this playground reads \(version 1\)/],
    ['3', /version 3 comes from a newer playground than this one \(it reads up to version 2\)/],
    ['1.5', /version 1\.5 is not a version number/],
    ['', /version +is not a version number/],
  ])('v=%s explains itself and shows the defaults', (v, message) => {
    const d = decodeLink(`#v=${v}&lr=0.01`);
    expect(d.config).toEqual(cloneExperiment());
    expect(d.problems).toHaveLength(1);
    expect(d.problems[0]).toMatchObject({ field: 'version', key: 'v' });
    expect(d.problems[0].message).toMatch(message);
    expect(d.problems[0].message).toMatch(/showing the default experiment instead/);
  });
});

describe('script injection', () => {
  const attacks = [
    '<script>alert(1)</script>',
    '"><img src=x onerror=alert(1)>',
    "a' onmouseover='alert(1)",
    '`${alert(1)}`',
    'a\u202eb', // right-to-left override
    'a\u0000b',
  ];

  it.each(attacks)('rejects %j in string fields and keeps the rest', (attack) => {
    const e = encodeURIComponent(attack);
    const d = decodeLink(`v=2&name=${e}&model=file&file=${e}&sha=${'a'.repeat(64)}&steps=9`);
    expect(d.config.name).toBe('');
    expect(d.config.model.fileName).toBe('');
    expect(d.config.steps).toBe(9);
    expect(d.problems.map((p) => p.field)).toEqual(['name', 'model.fileName', 'model.fileName']);
    expectInert(d);
  });

  it.each(['transcript-model.onnx', 'Script kiddie', 'javascript:alert(1)'])('takes %j as plain text (React renders it as text), and the link round-trips', (name) => {
    const d = decodeLink(`v=1&name=${encodeURIComponent(name)}&model=file&file=${encodeURIComponent(name)}&sha=${'a'.repeat(64)}`);
    expect(d.problems).toEqual([]);
    expect(d.config.model).toMatchObject({ id: 'file', fileName: name, fileSha256: 'a'.repeat(64) });
    expect(decodeLink(encodeLink(d.config)).config).toEqual(d.config);
  });

  it('writes line and paragraph separators in messages as escapes', () => {
    const d = decodeLink(`v=1&lr=${encodeURIComponent('1\u2028x\u2029')}&${encodeURIComponent('k\u2028')}=1`);
    expect(d.problems).toHaveLength(2);
    for (const p of d.problems) expect(`${p.message}${p.key}${p.value}`).not.toMatch(/[\u2028\u2029]/);
    expect(d.problems[0].message).toContain('\\u2028');
  });

  it('names an empty key', () => {
    const d = decodeLink('v=1&=5&steps=9');
    expect(d.config.steps).toBe(9);
    expect(d.problems.map((p) => p.message)).toEqual(['link part =5 has an empty key; ignored']);
  });

  it('escapes markup in unknown keys, values and malformed parts it reports', () => {
    const d = decodeLink(`v=2&${encodeURIComponent('<b>')}=${encodeURIComponent('"x"')}&%3Cscript%3E&task=%3Cscript%3E`);
    expect(d.problems).toHaveLength(3);
    expectInert(d);
    expect(d.problems.find((p) => p.field === 'task.name')?.value).toBe('\\u003cscript\\u003e');
  });
});

describe('model size from scratch', () => {
  it('is carried only for a scratch model, by short keys', () => {
    const c = cloneExperiment();
    c.model.scratch = { dModel: 128, nLayers: 4, nHeads: 4, dFF: 344, maxLen: 96 };
    const link = encodeLink(c);
    expect(link).toBe('v=2&dmodel=128&ff=344&maxlen=96');
    expect(decodeLink(link)).toEqual({ config: c, problems: [] });
    c.model.id = 'nano';
    expect(encodeLink(c)).toBe('v=2&model=nano');
  });

  it('falls back to the default d_model and heads when the heads cannot split d_model, and says why', () => {
    const d = decodeLink('v=2&dmodel=96&heads=5&layers=2');
    expect(d.config.model.scratch).toEqual({ ...defaultExperiment.model.scratch, nLayers: 2 });
    expect(d.problems.map((p) => [p.field, p.message])).toEqual([
      ['model.scratch.nHeads', 'Heads (heads) and d_model (dmodel): 5 heads do not divide d_model 96; using d_model 64 and 4 heads'],
    ]);
    expect(decodeLink('v=2&dmodel=48&heads=8').problems[0].message).toMatch(/8 heads split d_model 48 into heads of 6, not a multiple of 4/);
  });
});

describe('the custom task in a link', () => {
  const sha = 'ab'.repeat(32);

  it('carries the data file by name and SHA-256, and only for the custom task', () => {
    const d = decodeLink(`v=2&task=custom&dfile=my%20pairs.csv&dsha=${sha}&steps=30`);
    expect(d.problems).toEqual([]);
    expect(d.config.task).toEqual({ name: 'custom', knobs: {} });
    expect(d.config.data).toMatchObject({ fileName: 'my pairs.csv', fileSha256: sha });
    expect(encodeLink(d.config)).toBe(`v=2&task=custom&dfile=my%20pairs.csv&dsha=${sha}&steps=30`);
    expect(encodeLink({ ...d.config, task: defaultExperiment.task })).toBe('v=2&steps=30');
  });

  it('falls back to the default task when the link does not name the file', () => {
    const d = decodeLink('v=2&task=custom&dfile=pairs.csv');
    expect(d.config.task.name).toBe('starGraph');
    expect(d.problems.map((p) => [p.field, p.message])).toEqual([
      ['data.fileSha256', "Task custom needs Data SHA-256 (dsha) so the page can ask for the same file; using the starGraph task"],
    ]);
  });
});
