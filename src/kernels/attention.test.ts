import { describe, expect, it } from 'vitest';
import { testContext, expectClose } from '../gpu/testing';
import { TokenKind } from '../model/batch';
import type { AttentionOptions, AttentionShape } from './attention';
import { attentionReference, randomData, randomLayout, runAttention } from './attentionTestUtil';

// Odd sizes: unequal lengths with pads, a prompt prefix, registers interleaved, one sequence with no pads.
const small: AttentionShape = { B: 3, T: 13, nHeads: 3, headDim: 8 };
const smallLayouts = ['PPPPRARARA...', 'PPPRARARARAAA', 'PPPPPPAARAA..'];

const variants: [string, AttentionOptions][] = [
  ['default for this adapter', {}],
  ['subgroup, tiles of 4 (as on SwiftShader)', { variant: 'subgroup', tile: 4 }],
  ['subgroup, two subgroups per workgroup', { variant: 'subgroup', lanes: 16 }],
  ['direct (no subgroups)', { variant: 'direct', tile: 4 }],
];

async function expectMatchesReference(s: AttentionShape, layouts: string[], options: AttentionOptions, scale = 1, padValue?: number) {
  const ctx = await testContext();
  const data = randomData(s, layouts, scale);
  if (padValue !== undefined) {
    const C = s.nHeads * s.headDim;
    data.kinds.forEach((kind, t) => {
      if (kind === TokenKind.pad) for (const x of [data.q, data.k, data.v, data.dOut]) x.fill(padValue, t * C, (t + 1) * C);
    });
  }
  const got = await runAttention(ctx, s, data, options);
  const want = attentionReference(s, data);
  expectClose(got.out, want.out, 1e-5, 'out');
  expectClose(got.stats, want.stats, 1e-5, 'stats');
  expectClose(got.dq, want.dq, 1e-4, 'dq');
  expectClose(got.dk, want.dk, 1e-4, 'dk');
  expectClose(got.dv, want.dv, 1e-4, 'dv');
}

describe('attention forward/backward vs float64', () => {
  // Every variant on the small shape; a longer one (several tiles, skipped tiles) for the two code paths.
  for (const [name, options] of variants) {
    it(`B 3, T 13, 3 heads, hd 8: ${name}`, () => expectMatchesReference(small, smallLayouts, options, 2));
  }
  for (const [name, options] of [variants[0], variants[3]]) {
    it(`B 4, T 37, 2 heads, hd 16, random layouts: ${name}`, () => {
      const s = { B: 4, T: 37, nHeads: 2, headDim: 16 };
      return expectMatchesReference(s, Array.from({ length: s.B }, () => randomLayout(s.T, 20)), options);
    });
  }
  // hd 64 unrolls into large shaders: lavapipe's first compile takes tens of seconds on a busy 2-core machine.
  it('B 2, T 29, 2 heads, hd 64', () => expectMatchesReference({ B: 2, T: 29, nHeads: 2, headDim: 64 }, [randomLayout(29, 10), randomLayout(29, 10)], {}), 300_000);
  it('B 1, T 200, 2 heads, hd 32, a long prompt', () => expectMatchesReference({ B: 1, T: 200, nHeads: 2, headDim: 32 }, [randomLayout(200, 90)], {}));
  it('an example made only of pads', () => expectMatchesReference({ B: 2, T: 9, nHeads: 1, headDim: 4 }, ['.........', 'PPRARA...'], {}));
  for (const [name, options] of [variants[0], variants[3]]) {
    it(`NaN in every pad row of q, k, v and dOut changes nothing: ${name}`, () => expectMatchesReference(small, smallLayouts, options, 2, NaN));
  }

  it('rejects a head dim that is not a multiple of 4', async () => {
    const ctx = await testContext();
    await expect(runAttention(ctx, { B: 1, T: 4, nHeads: 2, headDim: 6 }, randomData({ B: 1, T: 4, nHeads: 2, headDim: 6 }, ['PPAA']))).rejects.toThrow(/multiple of 4/);
  });
});

describe('attention probabilities', () => {
  for (const [b, head] of [[0, 1], [2, 2], [1, 0]] as const) {
    it(`example ${b}, head ${head}: the reference's softmax, rows summing to 1 over visible keys and 0 elsewhere`, async () => {
      const ctx = await testContext();
      const data = randomData(small, smallLayouts, 2);
      const { probs } = await runAttention(ctx, small, data, {}, [b, head]);
      const want = attentionReference(small, data).probs;
      const { T } = small, offset = (b * small.nHeads + head) * T * T;
      expectClose(probs, want.subarray(offset, offset + T * T), 1e-5, 'probs');
      for (let i = 0; i < T; i++) {
        let sum = 0;
        for (let j = 0; j < T; j++) {
          const p = probs[i * T + j];
          if (want[offset + i * T + j] === 0) expect(p).toBe(0);
          sum += p;
        }
        expect(Math.abs(sum - (smallLayouts[b][i] === '.' ? 0 : 1))).toBeLessThan(1e-5);
      }
    });
  }
});
