// The CLI's memory budget: the --gpu-budget flag, and the refusal of an experiment that does not fit before any run
// allocates (methods run one after another here, so the largest run counts).
import type { GpuContext } from '../gpu/context';
import { DEFAULT_GPU_BUDGET, limitsOf } from '../engine/memoryBudget';
import type { ExperimentConfig } from '../experiment/schema';
import type { ModelConfig } from '../model/config';
import { experimentMemory, memoryRefusal } from '../train/memoryPlan';
import { ConfigError, type Flags } from './args';

const MiB = 1024 ** 2;

/** --gpu-budget in MiB (default DEFAULT_GPU_BUDGET), as bytes. */
export function gpuBudgetFlag(f: Flags): number {
  return (f.number('gpu-budget', DEFAULT_GPU_BUDGET / MiB, { min: 1, max: 2 ** 30 }) as number) * MiB;
}

/** Throws a one-line ConfigError naming the fields to change when a run would not fit. */
export function refuseOversized(ctx: GpuContext, exp: ExperimentConfig, base: ModelConfig, budget: number): void {
  let refusal: string | null;
  try {
    refusal = memoryRefusal(exp, experimentMemory(exp, base), limitsOf(ctx.adapter.limits, budget), { concurrent: false, budgetSetting: '--gpu-budget' });
  } catch (e) {
    throw new ConfigError(e instanceof Error ? e.message : String(e));
  }
  if (refusal) throw new ConfigError(refusal);
}
