import { afterEach, describe, expect, it, vi } from 'vitest';
import { DUMMY, EOS, tokenString } from '../../tasks/tokenizer';
import { parseArgs } from '../args';
import { layoutCommand } from './layout';

/** The JSON document `mutor layout ... --json` prints. */
async function layoutJson(args: string[]): Promise<{ method: string; d: number; ids: number[]; tokens: string[]; kinds: string[]; targets: (string | null)[] }> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  expect(await layoutCommand.run(parseArgs([...args, '--json']))).toBe(0);
  return JSON.parse(String(log.mock.calls.at(-1)![0]));
}

afterEach(() => vi.restoreAllMocks());

interface GridLayoutJson {
  d: number;
  dh: number;
  dw: number;
  tokens: string[];
  kinds: string[];
  positions: number[][];
  targets: (string | null)[];
  registers: { index: number; source: number; target: number; sourceCell: number[]; targetCell: number[] | null }[];
}

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

  it('--method deepseekMtp: module k predicts the token k + 1 ahead; its slot i attends as the token k ahead does', async () => {
    const out = (await layoutJson(['--task', 'reversal', '--seed', '2', '--method', 'deepseekMtp', '--mtp-depth', '2'])) as Awaited<ReturnType<typeof layoutJson>> & { heads: (string | null)[][]; moduleMasks: number[][][]; mask: number[][] };
    const L = out.tokens.length, Q = out.kinds.filter((k) => k === 'prompt').length;
    expect(out.heads).toHaveLength(2);
    out.heads.forEach((head, h) => {
      const k = h + 1;
      // Every answer token is a target of every module, from token Q - 1 - k on.
      head.forEach((t, i) => expect(t).toBe(i >= Q - 1 - k && i + k + 1 < L ? out.tokens[i + k + 1] : null));
      // Slot i of module k has the mask row of token i + k, cut to the slots that exist.
      for (let i = 0; i < L; i++) expect(out.moduleMasks[h][i]).toEqual(i + k < L ? out.mask[i + k].map((j) => j - k).filter((j) => j >= 0) : []);
    });
  });

  it('fashionMnist, MuToR-2D: for every (dh, dw) in {1..3}² minus (1,1), each register\'s target is the cell a scan of the image finds dh - 1 rows down and dw - 1 columns right', async () => {
    const D = 3, h = 12, w = 12;
    for (let dh = 1; dh <= D; dh++) {
      for (let dw = 1; dw <= D; dw++) {
        if (dh === 1 && dw === 1) continue;
        const out = (await layoutJson(['--task', 'fashion-mnist', '--method', 'mutor2d', '--d-max', String(D), '--offset', `${dh},${dw}`, '--seed', String(dh * D + dw)])) as unknown as GridLayoutJson;
        expect([out.dh, out.dw, out.d]).toEqual([dh, dw, (dh - 1) * w + dw - 1]);
        const cells = out.kinds.flatMap((k, i) => (k === 'answer' ? [i] : [])); // raster order: cells[r * w + c]
        expect(cells).toHaveLength(h * w);
        cells.forEach((i, k) => expect(out.positions[i]).toEqual([Math.floor(k / w), k % w]));
        expect(out.registers).toHaveLength(h * w); // one before every cell
        for (const reg of out.registers) {
          const [r, c] = reg.sourceCell;
          expect(reg.source).toBe(r * w + c < 0 ? cells[0] - 2 : cells[r * w + c]); // the cell (0, -1) is the prefix's last token
          // Brute force: every cell of the image, keeping the one exactly dh - 1 rows and dw - 1 columns ahead.
          const found: number[] = [];
          for (let tr = 0; tr < h; tr++) for (let tc = 0; tc < w; tc++) if (tr - r === dh - 1 && tc - c === dw - 1) found.push(tr * w + tc);
          expect(found.length).toBeLessThanOrEqual(1);
          const target = found.length ? cells[found[0]] : -1;
          expect(reg.target).toBe(target);
          if (target < 0) {
            expect([reg.targetCell, out.targets[reg.index], out.positions[reg.index]]).toEqual([null, null, [h - 1, w - 1]]);
          } else {
            expect(reg.targetCell).toEqual([Math.floor(found[0] / w), found[0] % w]);
            expect(out.targets[reg.index]).toBe(out.tokens[target]);
            // At the position of the token before its target in raster order, the paper's raster offset ahead.
            expect(out.positions[reg.index]).toEqual(found[0] === 0 ? [0, 0] : [Math.floor((found[0] - 1) / w), (found[0] - 1) % w]);
            expect(found[0] - (r * w + c)).toBe(out.d);
          }
        }
      }
    }
  });

  it('refuses an unknown method', async () => {
    await expect(layoutCommand.run(parseArgs(['--task', 'reversal', '--method', 'bogus']))).rejects.toThrow(/--method must be one of ntp, mutor/);
  });
});
