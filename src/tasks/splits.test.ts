import { describe, expect, it } from 'vitest';
import { makeSplits, tasks } from './index';

describe('makeSplits', () => {
  // Generated tasks (a task over a fixed data set brings its splits: dataFile.test.ts, src/tasks/images/fashionMnist.test.ts).
  it.each(Object.keys(tasks).filter((name) => !tasks[name].usesDataFile && !tasks[name].dataFiles))('keeps %s test prompts distinct and out of train, deterministically', (name) => {
    const a = makeSplits(tasks[name], {}, 11, 2000, 300);
    expect(a.train).toHaveLength(2000);
    expect(a.test).toHaveLength(300);
    const testPrompts = new Set(a.test.map((e) => e.promptText));
    expect(testPrompts.size).toBe(300);
    expect(a.train.some((e) => testPrompts.has(e.promptText))).toBe(false);
    const b = makeSplits(tasks[name], {}, 11, 2000, 300);
    expect(b.train).toEqual(a.train);
    expect(b.test).toEqual(a.test);
    expect(makeSplits(tasks[name], {}, 12, 10, 10).test).not.toEqual(a.test.slice(0, 10));
  });

  it('fails clearly when the knobs allow too few prompts', () => {
    expect(() => makeSplits(tasks.reversal, { minLength: 1, maxLength: 1, alphabetSize: 2 }, 1, 5, 2))
      .toThrow(/found only 0 of 5 train examples outside the test set/);
    expect(() => makeSplits(tasks.reversal, { minLength: 1, maxLength: 1, alphabetSize: 2 }, 1, 5, 3))
      .toThrow(/found only 2 of 3 distinct test prompts/);
  });
});
