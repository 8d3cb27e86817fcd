// The flags every command that runs an experiment's runs reads alike (mutor train, mutor export-torch): the
// experiment (--config or --preset, with --steps and --seed over it), --method, --model and --data.
import type { ExperimentConfig } from '../experiment';
import type { BaseModel } from '../train/baseModel';
import type { Flags } from './args';
import { applyDataFlag } from './dataFlag';
import { fieldFlag } from './fieldFlag';
import { loadBaseModelNode, loadExperiment } from './loadExperiment';
import { methodsFlag } from './methodsFlag';

export interface ExperimentFlags {
  exp: ExperimentConfig;
  /** After Flags.done(): applies --data and --method to exp and loads the base model (shipped, --model or scratch). */
  load(root: string): Promise<BaseModel>;
}

export function experimentFlags(f: Flags): ExperimentFlags {
  const exp = loadExperiment(f.string('config'), f.string('preset'));
  fieldFlag(f, 'steps', 'steps', exp);
  fieldFlag(f, 'seed', 'seed', exp);
  const methods = f.string('method');
  const modelPath = f.string('model');
  const dataPath = f.string('data');
  return {
    exp,
    async load(root) {
      await applyDataFlag(exp, dataPath);
      if (methods !== undefined) exp.runs = methodsFlag(methods);
      return loadBaseModelNode(exp, modelPath, root);
    },
  };
}
