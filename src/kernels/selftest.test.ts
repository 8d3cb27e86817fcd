// The page's load-time self-test: every variant the adapter runs, correct at every shape, without starting the autotune.
import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { tuningsOf } from './autotune';
import { runMatmulSelfTest } from './selftest';
import { kernelSelection } from './select';

describe('runMatmulSelfTest', () => {
  it('passes every available variant at 4 shapes and tunes nothing', async () => {
    const ctx = await testContext();
    const { available } = await kernelSelection(ctx);
    const report = await runMatmulSelfTest(ctx);
    expect(report.cases.map((c) => c.variant)).toEqual(available.flatMap((v) => [v, v, v, v]));
    for (const c of report.cases) expect([c.variant, c.shape, c.pass, Number.isFinite(c.maxRel)]).toEqual([c.variant, c.shape, true, true]);
    expect(report.pass).toBe(true);
    expect(await tuningsOf(ctx)).toEqual([]);
  }, 300_000);
});
