// Properties every registered task must have, and the sequence lengths of the default knobs.
import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { createTask, tasks } from './index';
import { BOS, EOS, decode, encode } from './tokenizer';

const MAX_LEN = 128;

describe('task registry', () => {
  it('validates knobs with the name, value and allowed range', () => {
    expect(() => createTask('nope')).toThrow(/unknown task 'nope' \(tasks: starGraph, arithmetic, reversal, sorting, custom, fashionMnist\)/);
    expect(() => createTask('starGraph', { degree: 1 })).toThrow(/knob degree = 1 is invalid \(allowed: integers 2\.\.10\)/);
    expect(() => createTask('starGraph', { degree: 2.5 })).toThrow(/knob degree = 2.5/);
    expect(() => createTask('reversal', { length: 3 })).toThrow(/unknown knob 'length' \(knobs: minLength, maxLength, alphabetSize\)/);
  });

  it('has defaults inside each knob range', () => {
    for (const def of Object.values(tasks).filter((d) => !d.usesDataFile)) {
      for (const s of def.knobSpecs) expect(s.default >= s.min && s.default <= s.max, `${def.name}.${s.name}`).toBe(true);
      expect(createTask(def.name).knobs).toEqual(Object.fromEntries(def.knobSpecs.map((s) => [s.name, s.default])));
    }
  });
});

// The generated text tasks (the custom task's examples come from the user's file: dataFile.test.ts; an image task's
// are images of its data file: src/tasks/images/fashionMnist.test.ts).
const generated = Object.keys(tasks).filter((name) => !tasks[name].usesDataFile && !tasks[name].grid);

describe.each(generated)('%s with default knobs', (name) => {
  const task = createTask(name);
  const examples = task.generate(createRng(21), 2000);

  it('encodes its text as BOS + prompt and answer + EOS', () => {
    for (const e of examples) {
      expect(e.prompt).toEqual([BOS, ...encode(e.promptText)]);
      expect(e.answer).toEqual([...encode(e.answerText), EOS]);
      expect(decode(e.prompt.slice(1))).toBe(e.promptText);
    }
  });

  it('accepts the true answer and rejects a one-token change of it', () => {
    for (const e of examples.slice(0, 200)) {
      expect(task.evaluate(e, e.answer)).toBe(true);
      expect(task.evaluate(e, [...e.answer, ...encode('junk')])).toBe(true); // text after EOS is ignored
      const last = e.answer.length - 2; // last token before EOS: part of what every task scores
      for (const replacement of [encode('0')[0], encode('x')[0], EOS]) {
        if (replacement === e.answer[last]) continue;
        const changed = [...e.answer];
        changed[last] = replacement;
        expect(task.evaluate(e, changed), `${e.answerText} -> ${decode(changed)}`).toBe(false);
      }
      expect(task.evaluate(e, e.answer.slice(0, -2))).toBe(false);
    }
  });

  it('fits a context of 128 tokens (MuToR adds one register per answer token)', () => {
    const maxPrompt = Math.max(...examples.map((e) => e.prompt.length));
    const maxAnswer = Math.max(...examples.map((e) => e.answer.length));
    const meanPrompt = examples.reduce((s, e) => s + e.prompt.length, 0) / examples.length;
    const meanAnswer = examples.reduce((s, e) => s + e.answer.length, 0) / examples.length;
    const maxWithRegisters = Math.max(...examples.map((e) => e.prompt.length + 2 * e.answer.length));
    console.log(`${name}: prompt max ${maxPrompt} mean ${meanPrompt.toFixed(1)}; answer max ${maxAnswer} mean ${meanAnswer.toFixed(1)};`
      + ` prompt+answer max ${Math.max(...examples.map((e) => e.prompt.length + e.answer.length))}; with registers max ${maxWithRegisters}`
      + `\n  e.g. ${examples[0].promptText} -> ${examples[0].answerText}`);
    expect(maxPrompt + maxAnswer).toBeLessThanOrEqual(MAX_LEN);
    expect(maxWithRegisters).toBeLessThanOrEqual(MAX_LEN);
  });
});
