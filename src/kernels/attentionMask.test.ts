// Each mask rule, tested directly: changing the key and value of a token a query may not see leaves that query's
// output and logsumexp bitwise unchanged (even when the new values are NaN), while a query that sees it changes.
import { describe, expect, it } from 'vitest';
import { testContext, randomFloats } from '../gpu/testing';
import { canAttend } from '../model/batch';
import type { AttentionOptions, AttentionShape } from './attention';
import { randomData, runAttention } from './attentionTestUtil';

const shape: AttentionShape = { B: 3, T: 13, nHeads: 3, headDim: 8 };
//                 0123456789012
const layouts = ['PPPPRARARA...', 'PPPRARARARAAA', 'PPPPPPAARAA..'];

/** Replaces token `key` of example b in k and v (all heads) and returns the outputs before and after. */
async function perturb(options: AttentionOptions, b: number, key: number, value: () => number) {
  const ctx = await testContext();
  const data = randomData(shape, layouts, 2);
  const before = await runAttention(ctx, shape, data, options);
  const C = shape.nHeads * shape.headDim, row = (b * shape.T + key) * C;
  for (let c = 0; c < C; c++) {
    data.k[row + c] = value();
    data.v[row + c] = value();
  }
  const after = await runAttention(ctx, shape, data, options);
  const bits = (a: Float32Array<ArrayBuffer>) => new Uint32Array(a.buffer);
  /** Whether query i of example b has bitwise the same output row and logsumexp (all heads) in both runs. */
  const same = (i: number) => {
    const [o0, o1] = [bits(before.out), bits(after.out)], [s0, s1] = [bits(before.stats), bits(after.stats)];
    for (let c = 0; c < C; c++) if (o0[(b * shape.T + i) * C + c] !== o1[(b * shape.T + i) * C + c]) return false;
    for (let h = 0; h < shape.nHeads; h++) if (s0[(b * shape.nHeads + h) * shape.T + i] !== s1[(b * shape.nHeads + h) * shape.T + i]) return false;
    return true;
  };
  return { data, same };
}

/** Every query of example b that may not see `key` is unchanged; `seer` (if any) does see it and changes. */
async function expectHidden(options: AttentionOptions, b: number, key: number, hiddenFrom: number[], seer: number | null, value = () => Math.random() * 20 - 10) {
  const { data, same } = await perturb(options, b, key, value);
  for (const q of hiddenFrom) expect(canAttend(data.kinds, b * shape.T, q, key)).toBe(false);
  for (let q = 0; q < shape.T; q++) {
    if (!canAttend(data.kinds, b * shape.T, q, key)) expect(same(q), `query ${q} of example ${b} changed`).toBe(true);
  }
  if (seer !== null) expect(same(seer), `query ${seer} sees key ${key} but did not change`).toBe(false);
}

const variants: [string, AttentionOptions][] = [['default', {}], ['direct', { variant: 'direct', tile: 4 }]];

describe('attention mask rules', () => {
  for (const [name, options] of variants) {
    it(`a regular query never sees a register (${name})`, () => expectHidden(options, 0, 6, [7, 9, 0], 6));
    it(`an answer query never sees a future answer token (${name})`, () => expectHidden(options, 1, 10, [4, 6, 8], 11));
    it(`a register never sees another register (${name})`, () => expectHidden(options, 1, 3, [5, 7, 9], 3));
    it(`a prompt query never sees the answer (${name})`, () => expectHidden(options, 2, 7, [0, 3, 5], 10));
    it(`nobody sees a pad, even a NaN one (${name})`, () => expectHidden(options, 0, 11, [0, 5, 9, 10], null, () => NaN));
    it(`a register never sees a later token (${name})`, () => expectHidden(options, 2, 10, [8], 10));
  }

  it('a pad query outputs 0 and sees nothing', async () => {
    const ctx = await testContext();
    const data = randomData(shape, layouts, 2);
    data.q.set(randomFloats(shape.nHeads * shape.headDim, 1e6), (0 * shape.T + 11) * shape.nHeads * shape.headDim);
    const { out } = await runAttention(ctx, shape, data);
    const C = shape.nHeads * shape.headDim;
    expect([...out.subarray(11 * C, 12 * C)].every((x) => x === 0)).toBe(true);
  });
});
