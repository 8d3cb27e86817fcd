import { afterEach, describe, expect, it } from 'vitest';
import { makeSplits, parseDataText, setDataFile, tasks } from './index';
import { MAX_TEST_SHARE } from './splits';

const pairs = (n: number) => Array.from({ length: n }, (_, i) => ({ prompt: `rev:${i.toString(36)}x=`, answer: `x${[...i.toString(36)].reverse().join('')}` }));
const csvOf = (ps: { prompt: string; answer: string }[]) => ['prompt,answer', ...ps.map((p) => `${p.prompt},${p.answer}`)].join('\n');

describe('parseDataText', () => {
  it('reads CSV with or without a header, quoted fields with commas, quotes and newlines, and CRLF', () => {
    const text = 'prompt,answer\r\n"a,b=","x,y"\r\n\r\nq1=,a1\n"two\nlines=",ok\nq3=,a3\nq4=,a4\n';
    expect(parseDataText('d.csv', text)).toEqual([
      { prompt: 'a,b=', answer: 'x,y' },
      { prompt: 'q1=', answer: 'a1' },
      { prompt: 'two\nlines=', answer: 'ok' },
      { prompt: 'q3=', answer: 'a3' },
      { prompt: 'q4=', answer: 'a4' },
    ]);
    expect(parseDataText('d.csv', csvOf(pairs(5)).replace('prompt,answer\n', ''))).toEqual(pairs(5));
    // "" inside quotes is one quote character (which the tokenizer then refuses, at its columns).
    expect(() => parseDataText('d.csv', `${csvOf(pairs(5))}\nq=,"a ""b"""`)).toThrow('"\\"" at line 7, answer column 3; "\\"" at line 7, answer column 5.');
  });

  it('reads JSON lines, by name or by content', () => {
    const text = pairs(6).map((p) => JSON.stringify(p)).join('\n');
    expect(parseDataText('d.jsonl', text)).toEqual(pairs(6));
    expect(parseDataText('pasted data', `\n${text}\n`)).toEqual(pairs(6));
  });

  it('names unsupported characters and where they are, in one line', () => {
    const text = csvOf([...pairs(5), { prompt: 'Où=', answer: 'ça€' }]);
    let message = '';
    try {
      parseDataText('mine.csv', text);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain('\n');
    expect(message).toBe(
      'mine.csv: unsupported characters "O" "ù" "ç" "€": "O" at line 7, prompt column 1; "ù" at line 7, prompt column 2; '
      + '"ç" at line 7, answer column 1; "€" at line 7, answer column 3. The tokenizer knows digits, lowercase letters a-z, '
      + "space, newline and , | / = + - * ( ) . : ? ; ' #.",
    );
  });

  it('refuses malformed files with the line that is wrong', () => {
    expect(() => parseDataText('d.csv', csvOf(pairs(5)) + '\na,b,c')).toThrow('d.csv: line 7 has 3 fields, expected 2 (prompt,answer; quote a field that holds a comma)');
    expect(() => parseDataText('d.csv', csvOf(pairs(5)) + '\n"open,b')).toThrow('d.csv: a quoted field opened on line 7 never closes');
    expect(() => parseDataText('d.csv', csvOf(pairs(5)) + '\nq=,')).toThrow('d.csv: line 7 has an empty answer');
    expect(() => parseDataText('d.jsonl', '{"prompt": "a"}')).toThrow('d.jsonl: line 1 needs a string "prompt" and a string "answer"');
    expect(() => parseDataText('d.jsonl', '{"prompt": "a",')).toThrow('d.jsonl: line 1 is not JSON');
    expect(() => parseDataText('d.csv', csvOf(pairs(2)))).toThrow('d.csv: 2 prompt → answer pairs, at least 5 are needed');
  });
});

describe('the custom task', () => {
  afterEach(() => setDataFile(null));

  it('needs a data file', () => {
    expect(() => makeSplits(tasks.custom, {}, 1, 10, 2)).toThrow(/paste or drop it under Task first/);
  });

  it('holds out distinct test prompts (at most a fifth), trains on the rest, deterministically by the data seed', () => {
    const ps = [...pairs(50), ...pairs(10)]; // ten prompts twice
    setDataFile({ name: 'd.csv', sha256: 'a'.repeat(64), pairs: ps });
    const a = makeSplits(tasks.custom, {}, 3, 1000, 200);
    expect(a.test).toHaveLength(50 * MAX_TEST_SHARE);
    const held = new Set(a.test.map((e) => e.promptText));
    expect(held.size).toBe(a.test.length);
    expect(a.train.some((e) => held.has(e.promptText))).toBe(false);
    expect(a.train.length + ps.filter((p) => held.has(p.prompt)).length).toBe(ps.length);
    const again = makeSplits(tasks.custom, {}, 3, 1000, 200);
    expect([again.train, again.test]).toEqual([a.train, a.test]);
    expect(makeSplits(tasks.custom, {}, 3, 0, 4).test).toEqual(a.test.slice(0, 4));
    expect(makeSplits(tasks.custom, {}, 3, 7, 4).train).toHaveLength(7);
    expect(makeSplits(tasks.custom, {}, 4, 1000, 200).test).not.toEqual(a.test);
    expect(a.task.evaluate(a.test[0], a.test[0].answer)).toBe(true);
    expect(a.task.evaluate(a.test[0], a.test[1].answer)).toBe(false);
  });
});
