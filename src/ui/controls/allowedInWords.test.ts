import { describe, expect, it } from 'vitest';
import { fieldsFor, type Field } from '../../experiment';
import { tasks } from '../../tasks';
import { allowedInWords } from './allowedInWords';

const field = (path: string): Field => fieldsFor('starGraph').find((f) => f.path === path)!;

describe('allowed values in words', () => {
  it('says ranges in plain words and leaves menus and checkboxes to their controls', () => {
    expect(allowedInWords(field('steps'))).toBe('a whole number from 1 to 1000000');
    expect(allowedInWords(field('optimizer.lr'))).toBe('a number above 0, at most 1');
    expect(allowedInWords(field('optimizer.beta1'))).toBe('a number at least 0, below 1');
    expect(allowedInWords(field('method.alpha'))).toBe('a number from 0 to 1');
    expect(allowedInWords(field('task.name'))).toBe('');
    expect(allowedInWords(field('runs'))).toBe('');
    expect(allowedInWords(field('method.registersInPrompt'))).toBe('');
  });

  it('never shows a code name in any help text of any task', () => {
    for (const task of Object.keys(tasks)) {
      for (const f of fieldsFor(task)) {
        const text = `${f.help} ${allowedInWords(f)}`;
        expect(text, f.path).not.toMatch(/\b[a-z]+[A-Z][a-zA-Z]*\b|true or false/);
      }
    }
  });
});
