// Rules between fields, checked once every field is valid on its own. Each rule repairs the config in place (the
// defaults satisfy every rule) and reports what it changed, naming the field.
import { methodOf } from '../methods/registry';
import { defaultModelSize, headSplitProblem } from '../model/size';
import { tasks } from '../tasks';
import { resolveKnobs } from '../tasks/knobs';
import { knobFields, staticFields, type Field } from './fields';
import type { FieldPath } from './paths';
import { problem, type Problem } from './problem';
import { defaultExperiment, type ExperimentConfig } from './schema';

type Rule = (c: ExperimentConfig) => Problem | null;

const fieldAt = (path: FieldPath) => staticFields.find((f) => f.path === path) as Field;

/** "Label (key)" of a static field, for messages. */
const named = (path: FieldPath) => `${fieldAt(path).label} (${fieldAt(path).key})`;

const fieldProblem = (path: FieldPath, raw: unknown, message: string) => problem(path, fieldAt(path).key, raw, message);

const taskKnobs: Rule = (c) => {
  const def = tasks[c.task.name];
  const conflict = def.checkKnobs?.(c.task.knobs);
  if (!conflict) return null;
  const keys = knobFields(c.task.name).map((f) => f.key).join(',');
  const given = { ...c.task.knobs };
  c.task.knobs = { ...resolveKnobs(def) };
  return problem('task.knobs', keys, given, `task ${def.name}: ${conflict}; its knobs fall back to their defaults`);
};

const offsetRange: Rule = (c) => {
  const { dMin, dMax } = c.method;
  if (dMin <= dMax) return null;
  c.method.dMin = dMax;
  if (fieldAt('method.dMin').visibleWhen?.(c) === false) return null; // no run uses dMin: nothing to tell
  return fieldProblem('method.dMin', dMin, `${named('method.dMin')} ${dMin} exceeds ${named('method.dMax')} ${dMax}; using ${dMax}`);
};

const evalWithinTest: Rule = (c) => {
  const { evalSize } = c;
  const { testSize } = c.data;
  if (evalSize <= testSize) return null;
  c.evalSize = testSize;
  return fieldProblem('evalSize', evalSize, `${named('evalSize')} ${evalSize} exceeds ${named('data.testSize')} ${testSize}; using ${testSize}`);
};

const modelFileKnown: Rule = (c) => {
  if (c.model.id !== 'file' || (c.model.fileName !== '' && c.model.fileSha256 !== '')) return null;
  const missing: FieldPath = c.model.fileName === '' ? 'model.fileName' : 'model.fileSha256';
  c.model = structuredClone(defaultExperiment.model);
  return fieldProblem(missing, '',
    `${named('model.id')} 'file' needs ${named(missing)} so the page can ask for the same file; using the ${c.model.id} model`);
};

const dataFileKnown: Rule = (c) => {
  if (!tasks[c.task.name].usesDataFile || (c.data.fileName !== '' && c.data.fileSha256 !== '')) return null;
  const missing: FieldPath = c.data.fileName === '' ? 'data.fileName' : 'data.fileSha256';
  const taskName = c.task.name;
  c.task = structuredClone(defaultExperiment.task);
  return fieldProblem(missing, '', `Task ${taskName} needs ${named(missing)} so the page can ask for the same file; using the ${c.task.name} task`);
};

const scratchHeads: Rule = (c) => {
  const size = c.model.scratch;
  const split = headSplitProblem(size);
  if (!split) return null;
  const { dModel, nHeads } = defaultModelSize;
  c.model.scratch = { ...size, dModel, nHeads };
  if (c.model.id !== 'scratch') return null; // the size does not matter: nothing to tell
  return fieldProblem('model.scratch.nHeads', size.nHeads,
    `${named('model.scratch.nHeads')} and ${named('model.scratch.dModel')}: ${split}; using d_model ${dModel} and ${nHeads} heads`);
};

// An image task's model has 2D RoPE, which no shipped model has: it trains from scratch.
const imagesFromScratch: Rule = (c) => {
  if (!tasks[c.task.name].grid || c.model.id === 'scratch') return null;
  const id = c.model.id;
  c.model = { ...structuredClone(defaultExperiment.model), scratch: c.model.scratch };
  return fieldProblem('model.id', id, `task ${c.task.name} is an image task: its model has 2D positions and starts from scratch, not from ${id}`);
};

// A method that lays out images only (MuToR-2D) runs on image tasks, with at least two offsets per axis.
const gridMethods: Rule = (c) => {
  const gridOnly = c.runs.filter((r) => methodOf(r).gridOnly);
  if (gridOnly.length === 0) return null;
  if (!tasks[c.task.name].grid) {
    const runs = c.runs;
    c.runs = runs.filter((r) => !methodOf(r).gridOnly);
    if (c.runs.length === 0) c.runs = [...defaultExperiment.runs];
    return fieldProblem('runs', runs, `${gridOnly.map((r) => methodOf(r).label).join(', ')} needs an image task, not ${c.task.name}; dropped from Methods`);
  }
  if (c.method.dMax >= 2) return null;
  const dMax = c.method.dMax;
  c.method.dMax = 2;
  return fieldProblem('method.dMax', dMax, `${gridOnly.map((r) => methodOf(r).label).join(', ')} draws (d_h, d_w) from {1..${named('method.dMax')}}² minus (1, 1), which needs d max >= 2; using 2`);
};

const rules: readonly Rule[] = [taskKnobs, offsetRange, evalWithinTest, modelFileKnown, dataFileKnown, scratchHeads, imagesFromScratch, gridMethods];

/** Applies every rule; the returned problems say what was changed. */
export function repairConsistency(c: ExperimentConfig): Problem[] {
  return rules.map((rule) => rule(c)).filter((p): p is Problem => p !== null);
}
