// --data <file>: the user's own prompt → answer pairs (CSV or JSON lines, as on the page) for `mutor train` and
// `mutor experiment`. The experiment's task becomes the custom task on that file (named by name and SHA-256, as the
// page's link names it); a link that already names a data file must name this one.
import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ExperimentConfig } from '../experiment';
import { readDataFile, setDataFile, tasks } from '../tasks';
import { ConfigError } from './args';

const dataTask = Object.values(tasks).find((t) => t.usesDataFile)!;

export async function applyDataFlag(exp: ExperimentConfig, path: string | undefined): Promise<void> {
  const named = tasks[exp.task.name].usesDataFile;
  if (path === undefined) {
    if (named) throw new ConfigError(`this experiment trains on your data file ${exp.data.fileName} (SHA-256 ${exp.data.fileSha256.slice(0, 12)}…): pass it with --data <file>`);
    return;
  }
  if (!existsSync(path)) throw new ConfigError(`data file ${path} not found`);
  let file;
  try {
    file = await readDataFile(basename(path), readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(e instanceof Error ? e.message : String(e));
  }
  if (named && exp.data.fileSha256 !== file.sha256) {
    throw new ConfigError(`the experiment names the data file ${exp.data.fileName} (SHA-256 ${exp.data.fileSha256.slice(0, 12)}…), but ${path} has SHA-256 ${file.sha256.slice(0, 12)}…`);
  }
  setDataFile(file);
  exp.task = { name: dataTask.name, knobs: {} };
  exp.data.fileName = file.name;
  exp.data.fileSha256 = file.sha256;
}
