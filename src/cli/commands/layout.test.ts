import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseArgs } from '../args';
import { layoutCommand } from './layout';

afterEach(() => vi.restoreAllMocks());

async function layoutJson(args: string[]) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  expect(await layoutCommand.run(parseArgs(args))).toBe(0);
  return JSON.parse(log.mock.calls[0][0] as string) as { tokens: string[]; kinds: string[]; targets: (string | null)[] };
}

describe('mutor layout', () => {
  it('shows a star graph one token per node, each register predicting the node d ahead', async () => {
    const out = await layoutJson(['--task', 'starGraph', '--seed', '1', '--d', '3', '--json']);
    const prompt = out.tokens.filter((_, i) => out.kinds[i] === 'prompt');
    const answer = out.tokens.filter((_, i) => out.kinds[i] === 'answer');
    expect(prompt.join('')).toBe('⟨bos⟩aj|fs|jg|so|p6|pf|6a|ot/pg=');
    expect(answer).toEqual(['p', '6', 'a', 'j', 'g', '⟨eos⟩']);
    const registerTargets = out.targets.filter((_, i) => out.kinds[i] === 'register');
    // After '=' the third answer token; after node i of the path, node i + 3 (then EOS, then nothing).
    expect(registerTargets).toEqual(['a', 'j', 'g', '⟨eos⟩', null, null]);
  });
});
