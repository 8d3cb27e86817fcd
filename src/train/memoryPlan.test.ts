import { describe, expect, it } from 'vitest';
import { decodeLink } from '../experiment/link';
import { cloneExperiment } from '../experiment/schema';
import { DEFAULT_GPU_BUDGET, type MemoryLimits } from '../engine/memoryBudget';
import { scratchConfig } from '../model/size';
import { experimentMemory, heldBytes, memoryRefusal } from './memoryPlan';

/** Mesa lavapipe's limits (mutor info). */
const lavapipe: MemoryLimits = { maxBufferSize: 2 ** 32 - 1, maxStorageBufferBindingSize: 2 ** 27, budget: DEFAULT_GPU_BUDGET };

describe('memoryRefusal', () => {
  it('refuses the issue-14 link in one line naming batch size, methods and offsets', () => {
    const { config, problems } = decodeLink('v=1&bs=1024&runs=multiTokenHeads&dmax=16&steps=2&eval=2&evaln=4');
    expect(problems).toEqual([]);
    const refusal = memoryRefusal(config, experimentMemory(config, scratchConfig()), lavapipe, { concurrent: false, budgetSetting: '--gpu-budget' });
    expect(refusal).not.toBeNull();
    expect(refusal).not.toMatch(/[\n\u2028\u2029]/);
    for (const name of ['Batch size (bs) 1024', 'Methods (runs) multiTokenHeads', 'd max (dmax) 16']) expect(refusal).toContain(name);
  });

  it('lets the default experiment through, and counts every method when they are held at once', () => {
    const exp = cloneExperiment();
    const runs = experimentMemory(exp, scratchConfig());
    expect(memoryRefusal(exp, runs, lavapipe, { concurrent: true, budgetSetting: '--gpu-budget' })).toBeNull();
    const between = { ...lavapipe, budget: (heldBytes(runs, false) + heldBytes(runs, true)) / 2 };
    expect(memoryRefusal(exp, runs, between, { concurrent: false, budgetSetting: '--gpu-budget' })).toBeNull();
    expect(memoryRefusal(exp, runs, between, { concurrent: true, budgetSetting: '--gpu-budget' })).toMatch(/^2 runs at once \(ntp, mutor\) needs .* over the GPU memory budget .* or raise --gpu-budget$/);
    expect(memoryRefusal(exp, runs, lavapipe, { concurrent: true, inUse: lavapipe.budget, budgetSetting: '--gpu-budget' })).toMatch(/already on the GPU/);
  });

  it('names a binding over maxStorageBufferBindingSize even within the budget', () => {
    const exp = cloneExperiment();
    exp.optimizer.batchSize = 1024;
    const refusal = memoryRefusal(exp, experimentMemory(exp, scratchConfig()), { ...lavapipe, budget: Infinity, maxStorageBufferBindingSize: 2 ** 20 }, { concurrent: false, budgetSetting: '--gpu-budget' });
    expect(refusal).toMatch(/a range of its \w+ buffer would take .* over the adapter's maxStorageBufferBindingSize of 1\.0 MiB/);
  });
});
