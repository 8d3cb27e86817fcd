import { afterEach, describe, expect, it, vi } from 'vitest';
import { DUMMY, EOS, tokenString } from '../../tasks/tokenizer';
import { parseArgs } from '../args';
import { layoutCommand } from './layout';

/** The JSON document `mutor layout ... --json` prints. */
async function layoutJson(args: string[]): Promise<{ method: string; d: number; ids: number[]; tokens: string[]; kinds: string[]; targets: (string | null)[] }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  expect(await layoutCommand.run(parseArgs([...args, '--json']))).toBe(0);
  return JSON.parse(String(log.mock.calls[0][0]));
}

afterEach(() => vi.restoreAllMocks());

describe('mutor layout', () => {
  it('shows a star graph one token per node, each register predicting the node d ahead', async () => {
    const out = await layoutJson(['--task', 'starGraph', '--seed', '1', '--d', '3']);
    const prompt = out.tokens.filter((_, i) => out.kinds[i] === 'prompt');
    const answer = out.tokens.filter((_, i) => out.kinds[i] === 'answer');
    expect(prompt.join('')).toBe('⟨bos⟩aj|fs|jg|so|p6|pf|6a|ot/pg=');
    expect(answer).toEqual(['p', '6', 'a', 'j', 'g', '⟨eos⟩']);
    const registerTargets = out.targets.filter((_, i) => out.kinds[i] === 'register');
    // After '=' the third answer token; after node i of the path, node i + 3 (then EOS, then nothing).
    expect(registerTargets).toEqual(['a', 'j', 'g', '⟨eos⟩', null, null]);
  });

  it('lays out MuToR registers by default', async () => {
    const out = await layoutJson(['--task', 'reversal', '--seed', '2', '--d', '2']);
    expect([out.method, out.d]).toEqual(['mutor', 2]);
    expect(out.kinds).toContain('register');
  });

  it('--method teacherless: dummies in place of the answer, each predicting the next answer token', async () => {
    const out = await layoutJson(['--task', 'reversal', '--seed', '2', '--method', 'teacherless']);
    const answer = out.kinds.flatMap((k, i) => (k === 'answer' ? [i] : []));
    expect([out.method, out.d]).toEqual(['teacherless', 0]);
    expect(answer.map((i) => out.ids[i]).every((id) => id === DUMMY)).toBe(true);
    expect(out.targets[answer[0] - 1]).not.toBeNull(); // the last prompt token predicts the first answer token
    expect(out.targets[answer.at(-2)!]).toBe(tokenString(EOS));
    expect(out.targets.at(-1)).toBeNull();
  });

  it('refuses an unknown method', async () => {
    await expect(layoutCommand.run(parseArgs(['--task', 'reversal', '--method', 'bogus']))).rejects.toThrow(/--method must be one of ntp, mutor/);
  });
});
