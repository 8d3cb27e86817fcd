// The shape of one run's engine, known before anything is allocated: the method's model (base config plus register
// rows / extra heads, and the experiment's LoRA adapters), B sequences per micro-batch, and T tokens per sequence, long enough for every example the
// experiment defines (train and test, laid out for the method) and for generating its answers.
import { positionComponents, type ModelConfig } from '../model/config';
import type { RunModelConfig } from '../model/methodTensors';
import { modelConfigFor } from '../methods/params';
import type { MethodConfig, MethodKind } from '../methods/registry';
import { loraFor, methodConfigFor, type ExperimentConfig } from '../experiment/schema';
import type { Splits } from '../tasks';
import { longestLayout } from './data';

export interface RunShape {
  method: MethodConfig;
  config: RunModelConfig;
  B: number;
  T: number;
}

/** Throws when the sequences do not fit the model's maxLen. */
export function runShape(experiment: ExperimentConfig, kind: MethodKind, base: ModelConfig, splits: Splits): RunShape {
  const method = methodConfigFor(experiment, kind);
  const lora = loraFor(experiment);
  const config: RunModelConfig = { ...modelConfigFor(base, method), ...(lora && { lora }) };
  const all = [...splits.train, ...splits.test];
  if (all[0]?.grid && positionComponents(config) !== 2) throw new Error(`task ${splits.task.name} is an image task: it needs a model with 2D RoPE (start from scratch)`);
  // A loop, not Math.max(...): 100,000 arguments overflow a Worker's stack.
  const generationRoom = all.reduce((m, e) => Math.max(m, e.prompt.length + e.answer.length), 0) + 2;
  const T = Math.max(longestLayout(all, method, config), generationRoom);
  if (T > config.maxLen) {
    throw new Error(`this task's sequences need ${T} tokens with ${kind} but the model's maxLen is ${config.maxLen}: lower the task's sizes or use sparse register placement`);
  }
  return { method, config, B: experiment.optimizer.batchSize, T };
}
