// The GPU memory an experiment's runs need, before any is created, and the one-line refusal when they do not fit:
// it names the fields to change. The page holds every method's engine at once (`concurrent`); the CLI trains the
// methods one after another.
import { describeExcess, formatBytes, memoryExcess, type MemoryLimits, type TrainedShare } from '../engine/memoryBudget';
import { estimateEngineMemory, type EngineMemory } from '../engine/memoryEstimate';
import { staticFields } from '../experiment/fields';
import type { FieldPath } from '../experiment/paths';
import type { ExperimentConfig } from '../experiment/schema';
import type { ModelConfig } from '../model/config';
import { buildLayout, trainableLayout } from '../model/layout';
import { methodOf, type MethodKind } from '../methods/registry';
import type { Splits } from '../tasks';
import { splitsFor } from './data';
import { runShape, type RunShape } from './runShape';

export interface RunMemory extends RunShape {
  kind: MethodKind;
  memory: EngineMemory;
  /** Parameters, those trained, and what LoRA saves against fully fine-tuning the same run. */
  trained: TrainedShare;
}

/** Every run of the experiment with its engine's memory (throws when a run's sequences exceed the model's maxLen). */
export function experimentMemory(exp: ExperimentConfig, base: ModelConfig, splits: Splits = splitsFor(exp)): RunMemory[] {
  return exp.runs.map((kind) => {
    const shape = runShape(exp, kind, base, splits);
    const estimate = (config: RunShape['config']) => estimateEngineMemory({ config, B: shape.B, T: shape.T, microBatches: exp.optimizer.gradAccumulation, halfWeights: exp.f16 });
    const memory = estimate(shape.config);
    const { lora: _lora, ...full } = shape.config;
    const layout = buildLayout(shape.config);
    const trained: TrainedShare = {
      parameters: layout.parameterCount,
      trainedParameters: trainableLayout(layout).parameterCount,
      loraSavedBytes: shape.config.lora ? estimate(full).totalBytes - memory.totalBytes : 0,
    };
    return { kind, ...shape, memory, trained };
  });
}

/** Bytes held at once: all runs (page) or the largest one (CLI, one run after another). */
export function heldBytes(runs: readonly RunMemory[], concurrent: boolean): number {
  const bytes = runs.map((r) => r.memory.totalBytes);
  return concurrent ? bytes.reduce((a, b) => a + b, 0) : Math.max(0, ...bytes);
}

export interface RefusalOptions {
  /** The page holds every run at once; the CLI one after another. */
  concurrent: boolean;
  /** Bytes already held on the device (runs still open on the page). */
  inUse?: number;
  /** Where the budget is set ('--gpu-budget'), named when the budget is what a run exceeds. */
  budgetSetting: string;
}

/** Null when the runs fit; else one line: what is too large, and the fields that shrink it. */
export function memoryRefusal(exp: ExperimentConfig, runs: readonly RunMemory[], limits: MemoryLimits, o: RefusalOptions): string | null {
  const groups = o.concurrent ? [runs] : runs.map((r) => [r]);
  for (const group of groups) {
    const excess = memoryExcess(group.map((r) => r.memory), limits, o.inUse ?? 0);
    if (!excess) continue;
    const who = group.length === 1 ? `the ${group[0].kind} run` : `${group.length} runs at once (${group.map((r) => r.kind).join(', ')})`;
    const raise = excess.limit === limits.budget ? ` or raise ${o.budgetSetting}` : '';
    const fields = levers(exp, group);
    return `${who} needs ${formatBytes(heldBytes(group, true))} of GPU memory: ${describeExcess(excess)}; lower ${fields.slice(0, -1).join(', ')} or ${fields.at(-1)}${raise}`;
  }
  return null;
}

const field = (path: FieldPath) => staticFields.find((f) => f.path === path);
const named = (path: FieldPath, value: unknown) => `${field(path)?.label} (${field(path)?.key}) ${value}`;

/** The fields that shrink these runs, most effective first. */
function levers(exp: ExperimentConfig, runs: readonly RunMemory[]): string[] {
  const out = [named('optimizer.batchSize', exp.optimizer.batchSize)];
  const withOffsets = runs.some((r) => methodOf(r.kind).knobs.includes('dMax'));
  if (exp.runs.length > 1 || withOffsets) out.push(named('runs', exp.runs.join(',')));
  if (withOffsets) out.push(`${named('method.dMax', exp.method.dMax)} (offsets: registers and extra heads)`);
  if (exp.optimizer.gradAccumulation > 1) out.push(named('optimizer.gradAccumulation', exp.optimizer.gradAccumulation));
  out.push(`the task's sizes (sequences of ${Math.max(...runs.map((r) => r.T))} tokens)`);
  const s = exp.model.scratch;
  out.push(exp.model.id === 'scratch'
    ? `the model size (${named('model.scratch.dModel', s.dModel)}, ${named('model.scratch.nLayers', s.nLayers)}, ${named('model.scratch.dFF', s.dFF)})`
    : `the model size (${named('model.id', exp.model.id)})`);
  return out;
}
