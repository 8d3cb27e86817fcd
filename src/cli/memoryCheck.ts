// The CLI's memory budget: the --gpu-budget flag, and the refusal of an experiment that does not fit before any run
// allocates (methods run one after another here, so the largest run counts).
import type { GpuContext } from '../gpu/context';
import { DEFAULT_GPU_BUDGET, describeTrainedShare, formatBytes, limitsOf } from '../engine/memoryBudget';
import type { ExperimentConfig } from '../experiment/schema';
import type { ModelConfig } from '../model/config';
import { experimentMemory, memoryRefusal, type RunMemory } from '../train/memoryPlan';
import { ConfigError, type Flags } from './args';

const MiB = 1024 ** 2;

/** --gpu-budget in MiB (default DEFAULT_GPU_BUDGET), as bytes. */
export function gpuBudgetFlag(f: Flags): number {
  return (f.number('gpu-budget', DEFAULT_GPU_BUDGET / MiB, { min: 1, max: 2 ** 30 }) as number) * MiB;
}

/** Throws a one-line ConfigError naming the fields to change when a run would not fit; else the runs' memory. */
export function refuseOversized(ctx: GpuContext, exp: ExperimentConfig, base: ModelConfig, budget: number): RunMemory[] {
  let refusal: string | null, runs: RunMemory[];
  try {
    runs = experimentMemory(exp, base);
    refusal = memoryRefusal(exp, runs, limitsOf(ctx.adapter.limits, budget), { concurrent: false, budgetSetting: '--gpu-budget' });
  } catch (e) {
    throw new ConfigError(e instanceof Error ? e.message : String(e));
  }
  if (refusal) throw new ConfigError(refusal);
  return runs;
}

/** One line per run: its GPU memory estimate and what it trains ('  mutor: 12.3 MiB; 16,384 of ... trained ...'). */
export function runMemoryLines(runs: readonly RunMemory[]): string[] {
  return runs.map((r) => `  ${r.kind.padEnd(15)} GPU memory ${formatBytes(r.memory.totalBytes)}; ${describeTrainedShare(r.trained)}`);
}
