import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import type { ArithmeticMeta } from './arithmetic';
import { createTask } from './index';
import { encode } from './tokenizer';

const OPS: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b,
};

describe('arithmetic', () => {
  it.each<Record<string, number>>([{}, { minSteps: 5, maxSteps: 5, maxNumber: 50, maxValue: 500 }, { minSteps: 1, maxSteps: 1 }])(
    'writes a correct chain whose final answer is its last result (%o)', (knobs) => {
      const task = createTask('arithmetic', knobs);
      const { minSteps, maxSteps, maxValue } = task.knobs;
      for (const e of task.generate(createRng(3), 300)) {
        const [chain, final] = e.answerText.split(';####');
        const equations = chain.split(';');
        const meta = e.meta as ArithmeticMeta;
        expect(equations).toHaveLength(meta.steps);
        expect(meta.steps).toBeGreaterThanOrEqual(minSteps);
        expect(meta.steps).toBeLessThanOrEqual(maxSteps);
        let previous: number | null = null;
        for (const eq of equations) {
          const m = /^(\d+)([-+*/])(\d+)=(\d+)$/.exec(eq);
          expect(m, eq).not.toBeNull();
          const [a, op, b, c] = [Number(m?.[1]), m?.[2] ?? '', Number(m?.[3]), Number(m?.[4])];
          if (previous !== null) expect(a).toBe(previous);
          expect(OPS[op](a, b)).toBe(c);
          expect(c).toBeGreaterThan(0);
          expect(c).toBeLessThanOrEqual(maxValue);
          previous = c;
        }
        expect(Number(final)).toBe(previous);
        expect(meta.result).toBe(previous);
        expect(e.promptText).toMatch(new RegExp(`^\\D*${equations[0].match(/^\d+/)?.[0]}\\D`));
      }
    });

  it('uses every operation and several stories', () => {
    const examples = createTask('arithmetic').generate(createRng(4), 500);
    for (const op of ['+', '-', '*', '/']) expect(examples.some((e) => e.answerText.includes(op))).toBe(true);
    for (const story of [/^a jar has \d+ \w+\. /, /^\w+ has \d+ coins\. /, / (buys|loses) \d+/]) {
      expect(examples.some((e) => story.test(e.promptText))).toBe(true);
    }
  });

  it('scores only the final answer, like GSM8K', () => {
    const task = createTask('arithmetic');
    const [e] = task.generate(createRng(5), 1);
    const wrongStep = [...e.answer];
    const [one, two] = encode('12');
    wrongStep[0] = wrongStep[0] === one ? two : one; // a digit in the first equation
    expect(task.evaluate(e, wrongStep)).toBe(true);
    expect(task.evaluate(e, e.answer.slice(0, -1))).toBe(true);
    expect(task.evaluate(e, e.answer.slice(0, -2))).toBe(false);
  });

  it('rejects inconsistent knobs', () => {
    expect(() => createTask('arithmetic', { minSteps: 4, maxSteps: 2 })).toThrow(/minSteps 4 exceeds maxSteps 2/);
    expect(() => createTask('arithmetic', { maxNumber: 50, maxValue: 20 })).toThrow(/maxNumber 50 exceeds maxValue 20/);
  });
});
