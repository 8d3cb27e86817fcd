// `mutor train --config`: JSON files (full or partial) and share links in every form a user may paste.
import { describe, expect, it } from 'vitest';
import { parseExperimentSource } from './file';
import { encodeLink } from './link';
import { presets } from './presets';
import { cloneExperiment } from './schema';

const tiny = presets.find((p) => p.id === 'tiny')!.config;

describe('parseExperimentSource', () => {
  it('reads a full JSON config back to the same config', () => {
    expect(parseExperimentSource(JSON.stringify(tiny, null, 2))).toEqual({ config: tiny, problems: [] });
  });

  it('reads a partial JSON config over the defaults, with the new task’s knob defaults', () => {
    const { config, problems } = parseExperimentSource('{ "task": { "name": "arithmetic", "knobs": { "maxSteps": 4 } }, "optimizer": { "lr": 0.01 } }');
    expect(problems).toEqual([]);
    expect(config.task).toEqual({ name: 'arithmetic', knobs: { minSteps: 2, maxSteps: 4, maxNumber: 20, maxValue: 99 } });
    expect(config.optimizer.lr).toBe(0.01);
    expect({ ...config, task: undefined, optimizer: undefined }).toEqual({ ...cloneExperiment(), task: undefined, optimizer: undefined });
  });

  it.each([
    ['https://mutor.example/app/#' + encodeLink(tiny)],
    ['https://mutor.example/app/?' + encodeLink(tiny)],
    ['#' + encodeLink(tiny)],
    [encodeLink(tiny)],
    [`  ${encodeLink(tiny)}\n`],
  ])('reads the share link %s', (text) => {
    expect(parseExperimentSource(text)).toEqual({ config: tiny, problems: [] });
  });

  it('checks JSON values by type: no strings for numbers, no NaN, each field falling back alone', () => {
    const { config, problems } = parseExperimentSource('{ "steps": "100", "seed": 5, "optimizer": { "lr": 2, "beta1": null }, "runs": ["ntp", "ntp"] }');
    expect(problems.map((p) => [p.field, p.key])).toEqual([
      ['runs', 'runs'],
      ['optimizer.lr', 'optimizer.lr'],
      ['optimizer.beta1', 'optimizer.beta1'],
      ['steps', 'steps'],
    ]);
    expect(problems[1].message).toBe("Learning rate (optimizer.lr): '2' must be a number in (0, 1]; using the default '0.001'");
    expect(config).toEqual({ ...cloneExperiment(), seed: 5 });
  });

  it('reports unknown paths, and objects nested deeper than any config', () => {
    const { problems } = parseExperimentSource('{ "optimiser": { "lr": 0.1 }, "task": { "knobs": { "degree": { "x": { "y": 1 } }, "arms": 3 } } }');
    expect(problems.map((p) => p.message)).toEqual([
      "degree (task.knobs.degree): '{\\u0022x\\u0022:{\\u0022y\\u0022:1}}' must be an integer in 2..10; using the default '2'",
      'unknown key optimiser.lr; ignored',
      'task starGraph has no knob arms (knobs: degree, pathLength, nodePool, separators, reverse); ignored',
    ]);
  });

  it('never lets a __proto__ key reach an object', () => {
    const { config, problems } = parseExperimentSource('{ "__proto__": { "polluted": 1 }, "task": { "knobs": { "__proto__": 3 } } }');
    expect(problems).toHaveLength(2);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(config).toEqual(cloneExperiment());
  });

  it.each([
    ['{ "version": 3 }', /version 3 comes from a newer playground/],
    ['{ "version": 0, "steps": 5 }', /version 0 is older than the oldest format/],
    ['{ "version": "1" }', /version 1 is not a version number/],
    ['{ "steps": 5', /the config is not valid JSON/],
    ['{ "name": "<script>" ', /the config is not valid JSON/],
    ['[1, 2]', /expected a JSON config/],
    ['just some words', /expected a JSON config/],
    ['', /expected a JSON config/],
  ])('%j falls back to the defaults and says why', (text, message) => {
    const { config, problems } = parseExperimentSource(text);
    expect(config).toEqual(cloneExperiment());
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(message);
    expect(problems[0].message).not.toMatch(/[<>]/);
  });
});
