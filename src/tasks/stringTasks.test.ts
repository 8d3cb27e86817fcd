import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { createTask } from './index';

describe.each([
  ['reversal', 'rev', (s: string) => [...s].reverse().join('')],
  ['sorting', 'sort', (s: string) => [...s].sort().join('')],
])('%s', (name, prefix, expected) => {
  it('transforms a string of the requested length and alphabet', () => {
    const task = createTask(name, { minLength: 3, maxLength: 9, alphabetSize: 12 });
    const lengths = new Set<number>();
    for (const e of task.generate(createRng(2), 300)) {
      const m = new RegExp(`^${prefix}:([0-9ab]+)=$`).exec(e.promptText);
      expect(m, e.promptText).not.toBeNull();
      const input = m?.[1] ?? '';
      lengths.add(input.length);
      expect(e.answerText).toBe(expected(input));
    }
    expect([...lengths].sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9]);
  });

  it('rejects minLength above maxLength', () => {
    expect(() => createTask(name, { minLength: 9, maxLength: 3 })).toThrow(/minLength 9 exceeds maxLength 3/);
  });
});
