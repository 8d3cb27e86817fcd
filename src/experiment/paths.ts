// Dotted paths into an ExperimentConfig ('optimizer.lr', 'task.knobs.degree'), typed so a wrong path fails to compile.
import type { ExperimentConfig } from './schema';

type Leaf = string | number | boolean | readonly unknown[];
type LeafPaths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends Leaf ? `${P}${K}` : LeafPaths<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every settable leaf of the config (the version is the link's, not a field). */
export type FieldPath = Exclude<LeafPaths<ExperimentConfig>, 'version'>;

/** The value at `path`, or undefined when an intermediate object or the leaf is missing. */
export function getPath(root: unknown, path: string): unknown {
  let node = root;
  for (const part of path.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** Sets the leaf at `path`; every object on the way must already exist (a config always has them). */
export function setPath(root: ExperimentConfig, path: FieldPath, value: unknown): void {
  const parts = path.split('.');
  const leaf = parts.pop() as string;
  const parent = parts.length === 0 ? root : getPath(root, parts.join('.'));
  if (typeof parent !== 'object' || parent === null) throw new Error(`setPath: no object at '${parts.join('.')}'`);
  (parent as Record<string, unknown>)[leaf] = value;
}
