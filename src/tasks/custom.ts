// The user's own data as a task: the prompt → answer pairs of the data file loaded on this page (or given to the CLI
// with --data), scored by exact match. One file at a time: the experiment names it by name and SHA-256, and
// train/data.ts checks that the loaded file is that one before a run trains on it.
import { exactMatch, makeExample } from './example';
import type { DataFile } from './dataFile';
import { pick } from './sampling';
import type { Task, TaskDefinition } from './task';

let loaded: DataFile | null = null;

/** Makes `file` the data of the custom task (null: none). */
export function setDataFile(file: DataFile | null): void {
  loaded = file;
}

export function currentDataFile(): DataFile | null {
  return loaded;
}

const description = 'Your own prompt → answer pairs (CSV or JSON lines), scored by exact match of the answer.';

export const custom: TaskDefinition = {
  name: 'custom',
  description,
  knobSpecs: [],
  usesDataFile: true,
  create: (): Task => {
    if (!loaded) throw new Error('the custom task trains on your data file: paste or drop it under Task first');
    const examples = loaded.pairs.map((p) => makeExample(p.prompt, p.answer));
    return {
      name: 'custom',
      description,
      knobs: {},
      examples,
      generate: (rng, count) => Array.from({ length: count }, () => pick(rng, examples)),
      evaluate: exactMatch,
    };
  },
};
