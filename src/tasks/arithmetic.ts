// GSM8K-like multi-step arithmetic word problems, kept compact for a tiny model and short sequences.
//   prompt: ann has 12 eggs. buys 5, doubles, loses 3. how many?
//   answer: 12+5=17;17*2=34;34-3=31;####31
// One equation per step, each starting from the previous result; the final answer follows '####' as in GSM8K.
// Every value stays a positive integer <= maxValue (subtractions leave at least 1, only even values are halved).
// The text is terse on purpose: with MuToR every answer token gets a register, so the answer counts twice. With the
// default knobs (2-3 steps, numbers <= 20, values <= 99) prompt + 2 x answer is at most 125 tokens; 4 steps need
// about 150 with registers (112 without), 5 steps exceed 128 even without registers.
// Scored like GSM8K: only the number after the last '####' is compared (the worked chain is not checked).
import type { Rng } from '../util/random';
import { answerBody, makeExample } from './example';
import { intBetween, pick } from './sampling';
import type { Example, Knobs, Task, TaskDefinition } from './task';
import { decode } from './tokenizer';

type Op = '+' | '-' | '*' | '/';

interface Story {
  opening: (amount: number) => string;
  phrase: Record<Op, (operand: number) => string>;
  question: string;
}

const NAMES = ['ann', 'bob', 'eva', 'tom', 'kim', 'sam', 'lia', 'max'];
const ITEMS = ['eggs', 'pens', 'cards', 'beads', 'nuts', 'cups', 'figs', 'socks'];

const scaled = (factor: number, twice: string, thrice: string) => (factor === 2 ? twice : thrice);

function makeStory(rng: Rng): Story {
  const name = pick(rng, NAMES);
  const item = pick(rng, ITEMS);
  return pick<Story>(rng, [
    {
      opening: (n) => `${name} has ${n} ${item}.`,
      phrase: { '+': (n) => `buys ${n}`, '-': (n) => `loses ${n}`, '*': (k) => scaled(k, 'doubles', 'triples'), '/': () => 'halves' },
      question: 'how many?',
    },
    {
      opening: (n) => `a jar has ${n} ${item}.`,
      phrase: { '+': (n) => `add ${n}`, '-': (n) => `take ${n}`, '*': (k) => scaled(k, 'double it', 'triple it'), '/': () => 'halve it' },
      question: 'how many?',
    },
    {
      opening: (n) => `${name} has ${n} coins.`,
      phrase: { '+': (n) => `gets ${n}`, '-': (n) => `pays ${n}`, '*': (k) => scaled(k, 'doubles', 'triples'), '/': () => 'halves' },
      question: 'how much?',
    },
  ]);
}

function apply(value: number, op: Op, operand: number): number {
  switch (op) {
    case '+': return value + operand;
    case '-': return value - operand;
    case '*': return value * operand;
    case '/': return value / operand;
  }
}

/** A random step that keeps the value a positive integer <= maxValue (adding is always possible below maxValue). */
function nextStep(rng: Rng, value: number, k: Knobs): [Op, number] {
  const options: [Op, number][] = [];
  const addMax = Math.min(k.maxNumber, k.maxValue - value);
  if (addMax >= 1) options.push(['+', intBetween(rng, 1, addMax)]);
  if (value >= 2) options.push(['-', intBetween(rng, 1, Math.min(k.maxNumber, value - 1))]);
  const factor = intBetween(rng, 2, 3);
  if (value * factor <= k.maxValue) options.push(['*', factor]);
  if (value % 2 === 0) options.push(['/', 2]);
  return pick(rng, options);
}

export type ArithmeticMeta = {
  steps: number;
  result: number;
};

function generateOne(rng: Rng, k: Knobs): Example {
  const story = makeStory(rng);
  const steps = intBetween(rng, k.minSteps, k.maxSteps);
  const start = intBetween(rng, 1, k.maxNumber);
  let value = start;
  const phrases: string[] = [];
  const equations: string[] = [];
  for (let s = 0; s < steps; s++) {
    const [op, operand] = nextStep(rng, value, k);
    const result = apply(value, op, operand);
    phrases.push(story.phrase[op](operand));
    equations.push(`${value}${op}${operand}=${result}`);
    value = result;
  }
  const meta: ArithmeticMeta = { steps, result: value };
  const promptText = `${story.opening(start)} ${phrases.join(', ')}. ${story.question}`;
  return makeExample(promptText, `${equations.join(';')};####${value}`, meta);
}

/** The text after the last '####' before EOS, or null without one. */
function finalAnswer(answerIds: readonly number[]): string | null {
  const parts = decode(answerBody(answerIds)).split('####');
  return parts.length >= 2 ? parts[parts.length - 1] : null;
}

/** GSM8K-style: the generated final answer must equal the true one. */
function evaluate(example: Example, generatedAnswerIds: readonly number[]): boolean {
  return finalAnswer(generatedAnswerIds) === finalAnswer(example.answer);
}

export const arithmetic: TaskDefinition = {
  name: 'arithmetic',
  description: 'Multi-step arithmetic word problems with a worked chain of equations and a final answer (GSM8K-like).',
  knobSpecs: [
    { name: 'minSteps', description: 'Fewest operations per problem.', default: 2, min: 1, max: 5 },
    { name: 'maxSteps', description: 'Most operations per problem.', default: 3, min: 1, max: 5 },
    { name: 'maxNumber', description: 'Largest starting amount and added/subtracted number.', default: 20, min: 2, max: 99 },
    { name: 'maxValue', description: 'Bound on every intermediate value.', default: 99, min: 10, max: 999 },
  ],
  checkKnobs: (k) =>
    k.minSteps > k.maxSteps ? `minSteps ${k.minSteps} exceeds maxSteps ${k.maxSteps}`
      : k.maxNumber > k.maxValue ? `maxNumber ${k.maxNumber} exceeds maxValue ${k.maxValue}` : null,
  create: (knobs): Task => ({
    name: 'arithmetic',
    description: arithmetic.description,
    knobs,
    generate: (rng, count) => Array.from({ length: count }, () => generateOne(rng, knobs)),
    evaluate,
  }),
};
