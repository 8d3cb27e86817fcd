import { describe, expect, it } from 'vitest';
import type { GpuContext } from '../gpu/context';
import { DEFAULT_GPU_BUDGET } from '../engine/memoryBudget';
import { decodeLink } from '../experiment/link';
import { scratchConfig } from '../model/size';
import { memoryReport, PAGE_BUDGET_SETTING } from './memoryReport';

const fakeContext = (bytesInUse: number) =>
  ({ adapter: { limits: { maxBufferSize: 2 ** 32 - 1, maxStorageBufferBindingSize: 2 ** 27 } }, buffers: { bytesInUse } }) as unknown as GpuContext;

describe('memoryReport (the page: every run at once)', () => {
  it('refuses the issue-14 link naming batch size, methods and offsets', () => {
    const { config } = decodeLink('v=1&bs=1024&runs=multiTokenHeads&dmax=16&steps=2&eval=2&evaln=4');
    const r = memoryReport(fakeContext(0), config, scratchConfig(), DEFAULT_GPU_BUDGET);
    expect(r.refusal).toMatch(/Batch size \(bs\) 1024.*Methods \(runs\) multiTokenHeads.*d max \(dmax\) 16/);
  });

  it('sums the runs, counts what open runs hold, and names the page setting when over budget', () => {
    const { config } = decodeLink('v=1');
    const fits = memoryReport(fakeContext(0), config, scratchConfig(), DEFAULT_GPU_BUDGET);
    expect(fits.refusal).toBeNull();
    expect(fits.bytes).toBe(fits.runs[0].bytes + fits.runs[1].bytes);
    const full = memoryReport(fakeContext(DEFAULT_GPU_BUDGET - fits.bytes + 1), config, scratchConfig(), DEFAULT_GPU_BUDGET);
    expect(full.refusal).toContain('already on the GPU');
    expect(full.refusal).toContain(PAGE_BUDGET_SETTING);
  });

  it('turns a run that cannot be sized into a refusal instead of throwing', () => {
    const { config } = decodeLink('v=1');
    expect(memoryReport(fakeContext(0), config, { ...scratchConfig(), maxLen: 4 }, DEFAULT_GPU_BUDGET).refusal).toMatch(/maxLen is 4/);
  });
});
