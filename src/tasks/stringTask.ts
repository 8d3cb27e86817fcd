// Shared shape of the string-transformation tasks (reversal, sorting):
//   prompt: <prefix>:<random string>=     answer: transform(string)     scored by exact match.
// Strings draw each character independently from the first alphabetSize of ALPHANUMERIC (digits, then letters).
import type { Rng } from '../util/random';
import { exactMatch, makeExample } from './example';
import { intBetween, randomString } from './sampling';
import type { Example, Knobs, Task, TaskDefinition } from './task';
import { ALPHANUMERIC } from './tokenizer';

export function stringTask(name: string, prefix: string, description: string, transform: (s: string) => string): TaskDefinition {
  const generateOne = (rng: Rng, k: Knobs): Example => {
    const input = randomString(rng, ALPHANUMERIC.slice(0, k.alphabetSize), intBetween(rng, k.minLength, k.maxLength));
    return makeExample(`${prefix}:${input}=`, transform(input));
  };
  return {
    name,
    description,
    knobSpecs: [
      { name: 'minLength', description: 'Shortest input string.', default: 4, min: 1, max: 48 },
      { name: 'maxLength', description: 'Longest input string.', default: 16, min: 1, max: 48 },
      { name: 'alphabetSize', description: 'Distinct characters (digits first, then letters).', default: 36, min: 2, max: ALPHANUMERIC.length },
    ],
    checkKnobs: (k) => (k.minLength > k.maxLength ? `minLength ${k.minLength} exceeds maxLength ${k.maxLength}` : null),
    create: (knobs): Task => ({
      name,
      description,
      knobs,
      generate: (rng, count) => Array.from({ length: count }, () => generateOne(rng, knobs)),
      evaluate: exactMatch,
    }),
  };
}
