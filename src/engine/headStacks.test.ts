import { describe, expect, it } from 'vitest';
import { engineTestConfig } from './testing';
import { headStacks, largestStack, stackOfHead } from './headStacks';

describe('headStacks', () => {
  it('runs the parallel extra heads as one stack after head 0', () => {
    const config = engineTestConfig({ tied: true, ropeMode: '1d', registers: 0, extraHeads: 3 });
    const stacks = headStacks(config, 39);
    expect(stacks).toEqual([{ first: 0, size: 1, hasBlock: false }, { first: 1, size: 3, hasBlock: true }]);
    expect(largestStack(stacks)).toBe(3);
    expect([1, 2, 3].map((h) => stackOfHead(stacks, h))).toEqual([{ stack: 1, index: 0 }, { stack: 1, index: 1 }, { stack: 1, index: 2 }]);
    expect(() => stackOfHead(stacks, 4)).toThrow(/no output head 4 \(4 heads\)/);
  });

  it('runs sequential heads, and parallel heads whose [N, F] rows are not whole vec4s, one per stack', () => {
    const sequential = engineTestConfig({ tied: true, ropeMode: '1d', registers: 0, extraHeads: 2, sequential: true });
    const oddF = engineTestConfig({ tied: true, ropeMode: '1d', registers: 0, extraHeads: 2, dFF: 41 });
    const single = [{ first: 0, size: 1, hasBlock: false }, { first: 1, size: 1, hasBlock: true }, { first: 2, size: 1, hasBlock: true }];
    expect(headStacks(sequential, 40)).toEqual(single);
    expect(headStacks(oddF, 39)).toEqual(single);
    expect(headStacks(oddF, 40)).toEqual([single[0], { first: 1, size: 2, hasBlock: true }]);
  });

  it('has only head 0 without extra heads', () => {
    const stacks = headStacks(engineTestConfig({ tied: true, ropeMode: '1d', registers: 0, extraHeads: 0 }), 39);
    expect(stacks).toEqual([{ first: 0, size: 1, hasBlock: false }]);
    expect(largestStack(stacks)).toBe(1);
  });
});
