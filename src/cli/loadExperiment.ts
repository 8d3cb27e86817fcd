// Reading an experiment for a CLI command: a JSON file, a share link, or a preset id. Strict, unlike the page: a
// missing file, broken JSON, an unknown version or any field out of range is a one-line ConfigError (exit 2) naming
// the file or field, before anything runs or is written.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExperimentSource, presetById, type ExperimentConfig } from '../experiment';
import { withoutFallback } from '../experiment/problem';
import { loadBaseModel, modelFromOnnx, type BaseModel } from '../train/baseModel';
import { provideDataFile } from '../tasks/dataFiles';
import { missingTaskData } from '../train/taskData';
import { ConfigError, UsageError } from './args';
import { readModelFile } from './commands/eval';

export function loadExperiment(source: string | undefined, preset: string | undefined): ExperimentConfig {
  if (preset) {
    const p = presetById(preset);
    if (!p) throw new UsageError(`unknown preset '${preset}'`);
    return structuredClone(p.config);
  }
  if (!source) throw new UsageError('give --config <file|link> or --preset <id>');
  const { text, name } = readSource(source);
  const { config, problems } = parseExperimentSource(text);
  if (problems.length) throw new ConfigError(`${name}: ${problems.map((p) => withoutFallback(p.message)).join('; ')}`);
  return config;
}

/** A file's text, or the argument itself when it is a JSON object or a link; anything else is a missing file. */
function readSource(source: string): { text: string; name: string } {
  if (existsSync(source)) {
    try {
      return { text: readFileSync(source, 'utf8'), name: `config ${source}` };
    } catch (e) {
      throw new ConfigError(`cannot read config ${source}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  }
  if (source.trim().startsWith('{')) return { text: source, name: '--config JSON' };
  if (source.includes('=')) return { text: source, name: '--config link' };
  throw new ConfigError(`config file ${source} not found (--config takes a JSON file, a JSON object or a share link)`);
}

/** Reads the task's data files from public/data, those not loaded yet. */
export function loadTaskDataNode(taskName: string, root: string): void {
  for (const file of missingTaskData(taskName)) {
    const path = join(root, 'public', 'data', file);
    if (!existsSync(path)) throw new Error(`task ${taskName}: its data ${path} is missing (public/data/*.json names the script that rebuilds it)`);
    provideDataFile(file, readFileSync(path));
  }
}

/**
 * The run's base model in Node: shipped models from public/models, a user file by --model, or a fresh init (with the
 * task's data loaded first, since every caller goes on to build the task's examples).
 */
export function loadBaseModelNode(exp: ExperimentConfig, modelPath: string | undefined, root: string): Promise<BaseModel> {
  loadTaskDataNode(exp.task.name, root);
  if (modelPath) return Promise.resolve(modelFromOnnx(readModelFile(modelPath), modelPath));
  return loadBaseModel(exp, {
    shipped(path) {
      const file = join(root, 'public', path);
      if (!existsSync(file)) throw new Error(`shipped model ${path} not found at ${file} (run 'mutor pretrain' to build it)`);
      return readFileSync(file);
    },
    userFile(name) {
      throw new UsageError(`this experiment starts from a user's file (${name}): pass it with --model <file.onnx>`);
    },
  });
}
