// Deterministic train/test splits in which no test prompt occurs in train (a task over a fixed data set brings its own).
// Test prompts are distinct from each other; train may repeat a prompt (small knob settings have few prompts).
// A task with a fixed data set (the user's file) is divided instead of drawn from (fixedSplits).
import { createRng } from '../util/random';
import { resolveKnobs } from './knobs';
import { shuffled } from './sampling';
import type { Example, Task, TaskDefinition } from './task';

export interface Splits {
  task: Task;
  train: Example[];
  test: Example[];
}

const promptKey = (e: Example) => e.prompt.join(',');

/** Draws examples until `count` pass `accept`; throws when the task cannot supply them in reasonable time. */
function draw(task: Task, next: () => Example, count: number, accept: (e: Example) => boolean, what: string): Example[] {
  const out: Example[] = [];
  const maxAttempts = 20 * count + 1000;
  for (let attempts = 0; out.length < count; attempts++) {
    if (attempts >= maxAttempts) {
      throw new Error(`task ${task.name}: found only ${out.length} of ${count} ${what} in ${maxAttempts} draws; knobs ${JSON.stringify(task.knobs)} allow too few distinct prompts`);
    }
    const e = next();
    if (accept(e)) out.push(e);
  }
  return out;
}

/** Test examples held out of a fixed data set: at most this share of its distinct prompts (and at least one). */
export const MAX_TEST_SHARE = 0.2;

/**
 * A fixed data set in a seeded order: the first distinct prompts (up to nTest, at most MAX_TEST_SHARE of them) are
 * the test split, one example each; train is up to nTrain of the examples whose prompt is not among them.
 */
function fixedSplits(task: Task, examples: readonly Example[], seed: number, nTrain: number, nTest: number): Splits {
  const order = shuffled(createRng(seed), examples);
  const distinct = new Map<string, Example>();
  for (const e of order) if (!distinct.has(promptKey(e))) distinct.set(promptKey(e), e);
  const test = [...distinct.values()].slice(0, Math.max(1, Math.min(nTest, Math.floor(distinct.size * MAX_TEST_SHARE))));
  const held = new Set(test.map(promptKey));
  const train = order.filter((e) => !held.has(promptKey(e))).slice(0, nTrain);
  if (nTrain > 0 && train.length === 0) throw new Error(`task ${task.name}: every prompt of the data is held out for testing; add examples with other prompts`);
  return { task, train, test };
}

export function makeSplits(def: TaskDefinition, knobs: Readonly<Record<string, number>>, seed: number, nTrain: number, nTest: number): Splits {
  const task = def.create(resolveKnobs(def, knobs));
  if (task.datasetSplits) return { task, ...task.datasetSplits(nTrain, nTest) };
  if (task.examples) return fixedSplits(task, task.examples, seed, nTrain, nTest);
  const rng = createRng(seed);
  const next = () => task.generate(rng, 1)[0];
  const testPrompts = new Set<string>();
  const isNewTestPrompt = (e: Example) => {
    const key = promptKey(e);
    if (testPrompts.has(key)) return false;
    testPrompts.add(key);
    return true;
  };
  const test = draw(task, next, nTest, isNewTestPrompt, 'distinct test prompts');
  const train = draw(task, next, nTrain, (e) => !testPrompts.has(promptKey(e)), 'train examples outside the test set');
  return { task, train, test };
}
