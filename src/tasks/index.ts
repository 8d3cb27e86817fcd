// The task registry: every task a user can pick, by name.
import { arithmetic } from './arithmetic';
import { custom } from './custom';
import { fashionMnist } from './images/fashionMnist';
import { resolveKnobs } from './knobs';
import { reversal } from './reversal';
import { sorting } from './sorting';
import { starGraph } from './starGraph';
import type { Task, TaskDefinition } from './task';

export const tasks: Readonly<Record<string, TaskDefinition>> = { starGraph, arithmetic, reversal, sorting, custom, fashionMnist };

/** A task instance; knobs not given take their defaults. Throws on an unknown task or an invalid knob. */
export function createTask(name: string, knobs: Readonly<Record<string, number>> = {}): Task {
  const def = Object.hasOwn(tasks, name) ? tasks[name] : undefined;
  if (!def) throw new Error(`unknown task '${name}' (tasks: ${Object.keys(tasks).join(', ')})`);
  return def.create(resolveKnobs(def, knobs));
}

export { makeSplits, type Splits } from './splits';
export { currentDataFile, setDataFile } from './custom';
export { parseDataText, readDataFile, type DataFile, type PromptAnswerText } from './dataFile';
export { gridLevels } from './task';
export type { AnswerPart, Grid, AnswerParts, Example, KnobSpec, Knobs, Task, TaskDefinition } from './task';
export { pretrainDocuments } from './pretrainMixture';
