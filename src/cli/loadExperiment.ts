// Reading an experiment for a CLI command: a JSON file, a share link, or a preset id; problems go to stderr.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExperimentSource, presetById, type ExperimentConfig } from '../experiment';
import { modelFromOnnx, scratchModel, type BaseModel } from '../train/baseModel';
import { UsageError } from './args';

export function loadExperiment(source: string | undefined, preset: string | undefined): ExperimentConfig {
  if (preset) {
    const p = presetById(preset);
    if (!p) throw new UsageError(`unknown preset '${preset}'`);
    return structuredClone(p.config);
  }
  if (!source) throw new UsageError('give --config <file|link> or --preset <id>');
  const text = existsSync(source) ? readFileSync(source, 'utf8') : source;
  const { config, problems } = parseExperimentSource(text);
  for (const p of problems) console.error(`warning: ${p.message}`);
  return config;
}

/** The run's base model in Node: shipped models from public/models, a user file by --model, or a fresh init. */
export function loadBaseModelNode(exp: ExperimentConfig, modelPath: string | undefined, root: string): BaseModel {
  if (modelPath) return modelFromOnnx(readFileSync(modelPath), modelPath);
  switch (exp.model.id) {
    case 'scratch':
      return scratchModel(exp.seed, exp.model.scratch);
    case 'file':
      throw new UsageError(`this experiment starts from a user's file (${exp.model.fileName}): pass it with --model <file.onnx>`);
    default: {
      const path = join(root, 'public', 'models', `${exp.model.id}.onnx`);
      if (!existsSync(path)) throw new Error(`shipped model ${exp.model.id} not found at ${path} (run 'mutor pretrain' to build it)`);
      return modelFromOnnx(readFileSync(path), `models/${exp.model.id}.onnx`);
    }
  }
}
