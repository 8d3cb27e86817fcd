// A config given as an object (a JSON config file, a preset's overrides), full or partial: read through the same
// field table as links, with the same checks and messages. Never throws.
import { assembleExperiment, type Decoded } from './assemble';
import { problem, type Problem } from './problem';
import { cloneExperiment, type ExperimentConfig } from './schema';
import { checkValue } from './values';
import { upgradeExperiment, versionProblem } from './version';

/** Objects nest at most this deep in a config (task.knobs.degree); deeper ones are read as unknown leaves. */
const MAX_DEPTH = 3;

export function readExperimentObject(obj: unknown): Decoded {
  if (!isPlainObject(obj)) {
    return { config: cloneExperiment(), problems: [problem(null, '', obj, 'a config must be an object; showing the default experiment instead')] };
  }
  const values = new Map<string, unknown>();
  flatten(obj, '', 1, values);
  const rawVersion = values.get('version');
  const version = versionProblem(rawVersion, 'version');
  if (version) return { config: cloneExperiment(), problems: [version] };
  values.delete('version');
  const decoded = assembleExperiment({ values, idOf: (f) => f.path, read: checkValue });
  upgradeExperiment(rawVersion, decoded.config);
  return decoded;
}

/** The problems of a config held in code (presets, the UI's state); none for a valid one. */
export function checkExperiment(c: ExperimentConfig): Problem[] {
  return readExperimentObject(c).problems;
}

function flatten(obj: Record<string, unknown>, prefix: string, depth: number, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    if (isPlainObject(v) && depth < MAX_DEPTH) flatten(v, `${prefix}${k}.`, depth + 1, out);
    else out.set(`${prefix}${k}`, v);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
