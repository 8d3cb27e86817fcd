// The page's memory budget, computed in the Worker (generating the task's examples to size T takes seconds for large
// train sets): every run of the experiment held at once, on top of what the open runs already hold.
import type { GpuContext } from '../gpu/context';
import { limitsOf } from '../engine/memoryBudget';
import type { ExperimentConfig } from '../experiment/schema';
import type { ModelConfig } from '../model/config';
import { experimentMemory, heldBytes, memoryRefusal } from '../train/memoryPlan';
import type { MemoryReport } from './methods';

export const PAGE_BUDGET_SETTING = "the page's GPU memory budget (next to the estimate)";

/** Never throws: a run that cannot be sized (sequences over maxLen) is a refusal too. */
export function memoryReport(ctx: GpuContext, experiment: ExperimentConfig, base: ModelConfig, budget: number): MemoryReport {
  const inUse = ctx.buffers.bytesInUse;
  try {
    const runs = experimentMemory(experiment, base);
    const refusal = memoryRefusal(experiment, runs, limitsOf(ctx.adapter.limits, budget), { concurrent: true, inUse, budgetSetting: PAGE_BUDGET_SETTING });
    return { runs: runs.map((r) => ({ kind: r.kind, T: r.T, bytes: r.memory.totalBytes, ...r.trained })), bytes: heldBytes(runs, true), inUse, budget, refusal };
  } catch (e) {
    return { runs: [], bytes: 0, inUse, budget, refusal: e instanceof Error ? e.message : String(e) };
  }
}
