import { describe, expect, it } from 'vitest';
import { cloneExperiment } from '../../experiment/schema';
import { makeSplits, tasks } from '../../tasks';
import { BOS, encode } from '../../tasks/tokenizer';
import { heldOutSplit, maxNewTokens, readPrompt } from './TryItPanel';

describe('Try it helpers', () => {
  const exp = cloneExperiment();
  exp.task = { name: 'starGraph', knobs: { degree: 2, pathLength: 3, nodePool: 10 } };
  exp.data = { ...exp.data, trainSize: 50, testSize: 12, dataSeed: 4 };

  it("offers exactly the run's held-out examples", () => {
    const { task, test } = heldOutSplit(exp);
    expect(task.name).toBe('starGraph');
    expect(test.map((e) => e.promptText)).toEqual(makeSplits(tasks.starGraph, exp.task.knobs, 4, 50, 12).test.map((e) => e.promptText));
    expect(() => heldOutSplit({ ...exp, task: { name: 'chess', knobs: {} } })).toThrow("unknown task 'chess'");
  });

  it('reads a prompt: BOS first, the held-out example when the text is one, the tokenizer message otherwise', () => {
    const { test } = heldOutSplit(exp);
    const held = readPrompt(test[3].promptText, test);
    expect(held).toEqual({ ok: true, ids: test[3].prompt, example: test[3] });
    expect(readPrompt('1,2|2,3/1,3=', test)).toEqual({ ok: true, ids: [BOS, ...encode('1,2|2,3/1,3=')], example: test.find((e) => e.promptText === '1,2|2,3/1,3=') ?? null });
    expect(readPrompt('1,2|2,3/1,3=€', test)).toEqual({ ok: false, error: 'tokenizer: character "€" at position 12 is not in the vocabulary' });
    expect(readPrompt('AB', test)).toMatchObject({ ok: false, error: expect.stringMatching(/^tokenizer: character "A" at position 0/) });
    expect(readPrompt('', test).ok).toBe(false);
  });

  it('generates room for the answer and its end token, never past the model', () => {
    const { test } = heldOutSplit(exp);
    const longest = Math.max(...test.map((e) => e.answer.length));
    expect(maxNewTokens(10, test[0], test, 128)).toBe(test[0].answer.length + 2);
    expect(maxNewTokens(10, null, test, 128)).toBe(longest + 2);
    expect(maxNewTokens(126, null, test, 128)).toBe(3);
    expect(maxNewTokens(129, null, test, 128)).toBe(0);
  });
});
