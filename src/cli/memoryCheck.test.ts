import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../gpu/context';
import { decodeLink } from '../experiment/link';
import { scratchConfig } from '../model/size';
import { Flags, parseArgs, ConfigError } from './args';
import { gpuBudgetFlag, refuseOversized } from './memoryCheck';

/** Only what the check reads: the adapter's limits (lavapipe's). */
const ctx = { adapter: { limits: { maxBufferSize: 2 ** 32 - 1, maxStorageBufferBindingSize: 2 ** 27 } } } as unknown as GpuContext;

describe('refuseOversized', () => {
  it('refuses the issue-14 link as a ConfigError (exit 2) before any GPU work', () => {
    const { config } = decodeLink('v=1&bs=1024&runs=multiTokenHeads&dmax=16&steps=2&eval=2&evaln=4');
    expect(() => refuseOversized(ctx, config, scratchConfig(), 2 ** 31)).toThrow(ConfigError);
    expect(() => refuseOversized(ctx, config, scratchConfig(), 2 ** 31)).toThrow(/Batch size \(bs\) 1024.*Methods \(runs\).*d max \(dmax\) 16/);
  });

  it('lets the default link through, and names --gpu-budget when the budget is the limit', () => {
    const { config } = decodeLink('v=1');
    expect(() => refuseOversized(ctx, config, scratchConfig(), 2 ** 31)).not.toThrow();
    expect(() => refuseOversized(ctx, config, scratchConfig(), 1024 ** 2)).toThrow(/or raise --gpu-budget$/);
  });

  it('reads --gpu-budget in MiB within bounds', () => {
    expect(gpuBudgetFlag(new Flags(parseArgs(['--gpu-budget', '512'])))).toBe(512 * 1024 ** 2);
    expect(() => gpuBudgetFlag(new Flags(parseArgs(['--gpu-budget', '0'])))).toThrow(/>= 1/);
  });
});
