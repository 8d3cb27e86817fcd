// Deterministic train/test splits in which no test prompt occurs in train.
// Test prompts are distinct from each other; train may repeat a prompt (small knob settings have few prompts).
import { createRng } from '../util/random';
import { resolveKnobs } from './knobs';
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

export function makeSplits(def: TaskDefinition, knobs: Readonly<Record<string, number>>, seed: number, nTrain: number, nTest: number): Splits {
  const task = def.create(resolveKnobs(def, knobs));
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
