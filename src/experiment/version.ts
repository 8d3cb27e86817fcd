// The format version a link or config file declares, what to tell the user when this playground cannot read it,
// and how an older version's experiment is upgraded to mean today exactly what it meant when it was written.
//   1 → 2: the star graph's default format became one token per node (knob separators = 0); a version-1 star-graph
//          experiment was written with commas between nodes and gets separators = 1.
import { preview, problem, type Problem } from './problem';
import { EXPERIMENT_VERSION, type ExperimentConfig } from './schema';

/** The oldest version this playground reads. */
const OLDEST_VERSION = 1;

/** Null when `raw` is absent (read as the current version) or a version from OLDEST_VERSION to the current one. */
export function versionProblem(raw: unknown, key: string): Problem | null {
  if (raw === undefined) return null;
  const fallback = 'showing the default experiment instead';
  const says = (message: string) => problem('version', key, raw, message);
  if (typeof raw !== 'number' || !Number.isInteger(raw)) return says(`version ${preview(raw)} is not a version number; ${fallback}`);
  if (raw < OLDEST_VERSION) {
    return says(`version ${raw} is older than the oldest format this playground reads (version ${OLDEST_VERSION}); ${fallback}`);
  }
  if (raw > EXPERIMENT_VERSION) {
    return says(`version ${raw} comes from a newer playground than this one (it reads up to version ${EXPERIMENT_VERSION}); ${fallback}`);
  }
  return null;
}

/** Gives a config read from version `raw` (one versionProblem accepted) the meaning it had then, in place. */
export function upgradeExperiment(raw: unknown, config: ExperimentConfig): void {
  const version = raw === undefined ? EXPERIMENT_VERSION : (raw as number);
  if (version < 2 && config.task.name === 'starGraph') config.task.knobs.separators = 1;
}
