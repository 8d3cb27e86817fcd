// Reading one saved (method, seed) run of `mutor experiment`: a file that is not one (cut off by a kill before runs
// were written atomically, edited by hand, another tool's JSON) is named in one line instead of a bare JSON error.
import { readFileSync } from 'node:fs';
import { METHOD_KINDS } from '../../methods/registry';
import type { SavedRun } from './runner';

const notA = (path: string, what: string, why: string) => new Error(`${path} is not a ${what} (${why}): delete it or use another --out`);

/** The parsed JSON of a file, or an error naming the file and what it should have been. */
export function readJsonFile(path: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw notA(path, what, e instanceof Error ? e.message.split('\n')[0] : String(e));
  }
}

export function readSavedRun(path: string): SavedRun {
  const fail = (why: string): never => {
    throw notA(path, 'saved run', why);
  };
  const r = readJsonFile(path, 'saved run') as Partial<SavedRun> | null;
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return fail('not a JSON object');
  if (!METHOD_KINDS.includes(r.method as never)) return fail(`method ${JSON.stringify(r.method)}`);
  if (!Number.isInteger(r.seed)) return fail('no integer seed');
  if (typeof r.link !== 'string') return fail('no link');
  if (!Array.isArray(r.steps) || !Array.isArray(r.evals)) return fail('no steps or evals');
  if (typeof r.summary !== 'object' || r.summary === null || (typeof r.summary.testAccuracy !== 'number' && r.summary.testAccuracy !== null)) {
    return fail('no summary with a test accuracy (a number, or null for a run never evaluated)');
  }
  return r as SavedRun;
}
