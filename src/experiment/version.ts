// The format version a link or config file declares, and what to tell the user when this playground cannot read it.
import { preview, problem, type Problem } from './problem';
import { EXPERIMENT_VERSION } from './schema';

/** Null when `raw` is absent (read as the current version) or is the current version. */
export function versionProblem(raw: unknown, key: string): Problem | null {
  if (raw === undefined || raw === EXPERIMENT_VERSION) return null;
  const fallback = 'showing the default experiment instead';
  const says = (message: string) => problem('version', key, raw, message);
  if (typeof raw !== 'number' || !Number.isInteger(raw)) return says(`version ${preview(raw)} is not a version number; ${fallback}`);
  if (raw < EXPERIMENT_VERSION) {
    return says(`version ${raw} is older than the oldest format this playground reads (version ${EXPERIMENT_VERSION}); ${fallback}`);
  }
  return says(`version ${raw} comes from a newer playground than this one (it reads version ${EXPERIMENT_VERSION}); ${fallback}`);
}
