// Every training method, in display order: adding a method is one module in src/methods/<name>/ and one line here.
// The rest of the playground asks this table (or the method object) and never compares method names.
import { defaultMethodKnobs, validateMethodKnobs, type MethodKnobs } from './knobs';
import { deepseekMtp } from './deepseekMtp';
import type { TrainingMethod } from './method';
import { multiTokenHeads } from './multiTokenHeads';
import { mutor } from './mutor';
import { mutor2d } from './mutor2d';
import { ntp } from './ntp';
import { teacherless } from './teacherless';

const methods = {
  ntp,
  mutor,
  mutor2d,
  multiTokenHeads,
  teacherless,
  deepseekMtp,
} as const satisfies Record<string, TrainingMethod>;

export type MethodKind = keyof typeof methods;
/** Every method, in display order (the order of the table above). */
export const METHOD_KINDS = Object.keys(methods) as readonly MethodKind[];
/** The method the others are measured against (cost ratios, plain next-token evaluation of an exported model). */
export const BASELINE_METHOD: MethodKind = 'ntp';

/** One run's method: which one, and the experiment's knobs (each method reads the ones it lists). */
export interface MethodConfig extends MethodKnobs {
  kind: MethodKind;
}

export function isMethodKind(name: string): name is MethodKind {
  return Object.hasOwn(methods, name);
}

export function methodOf(kind: MethodKind): TrainingMethod {
  if (!isMethodKind(kind)) throw new Error(`unknown method '${String(kind)}' (methods: ${METHOD_KINDS.join(', ')})`);
  return methods[kind];
}

/** The paper's default knobs with `overrides` applied, validated. */
export function methodConfig(kind: MethodKind, overrides: Partial<MethodKnobs> = {}): MethodConfig {
  const m: MethodConfig = { kind, ...defaultMethodKnobs, ...overrides };
  validateMethodKnobs(m);
  return m;
}

/** Method names from a comma-separated list ('ntp,mutor'), each checked against the table and given at most once. */
export function parseMethods(text: string): MethodKind[] {
  const list = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const m of list) if (!isMethodKind(m)) throw new Error(`unknown method '${m}' (methods: ${METHOD_KINDS.join(', ')})`);
  if (list.length === 0) throw new Error('no methods given');
  const repeated = list.find((m, i) => list.indexOf(m) !== i);
  if (repeated) throw new Error(`method '${repeated}' is given more than once`);
  return list as MethodKind[];
}
