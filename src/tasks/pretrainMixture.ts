// Seeded documents for pretraining a base model over the shared vocabulary. They deliberately avoid the
// fine-tuning formats: no '=', '|', '/' or '#' ever appears, so no task prompt or answer layout is seen here.
// Kinds: arithmetic facts in prose ("7*8 is 56."), graphs as sentences ("g leads to 4."), sentences from a
// small grammar, and counting runs. Each document repeats one kind until the next sentence would not fit.
import type { Rng } from '../util/random';
import { intBetween, pick, shuffled } from './sampling';
import { ALPHANUMERIC, LETTERS } from './tokenizer';

/** Longest document, so that BOS + text + EOS fits a 128-token context. */
export const PRETRAIN_MAX_CHARS = 126;

const OPS = [
  { symbol: '+', word: 'plus', apply: (a: number, b: number) => a + b },
  { symbol: '-', word: 'minus', apply: (a: number, b: number) => a - b },
  { symbol: '*', word: 'times', apply: (a: number, b: number) => a * b },
];

function arithmeticFact(rng: Rng): string {
  const op = pick(rng, OPS);
  const a = intBetween(rng, 0, op.symbol === '*' ? 12 : 99);
  const b = intBetween(rng, 0, op.symbol === '*' ? 12 : op.symbol === '-' ? a : 99);
  const result = op.apply(a, b);
  return pick(rng, [`${a}${op.symbol}${b} is ${result}.`, `${a} ${op.word} ${b} is ${result}.`, `(${a}${op.symbol}${b}) gives ${result}.`]);
}

function graphSentence(rng: Rng): string {
  const [u, v, w] = shuffled(rng, [...ALPHANUMERIC]);
  return pick(rng, [`${u} leads to ${v}.`, `from ${u} you can reach ${v} and ${w}.`, `there is a road between ${u} and ${v}.`, `${u} is linked to ${v}; ${v} is linked to ${w}.`]);
}

const NOUNS = ['cat', 'dog', 'bird', 'child', 'farmer', 'robot', 'teacher', 'fox'];
const THINGS = ['ball', 'book', 'apple', 'box', 'hat', 'kite', 'cup', 'map'];
const ADJECTIVES = ['red', 'small', 'old', 'happy', 'quiet', 'big', 'green', 'tired'];
const VERBS = ['sees', 'finds', 'likes', 'carries', 'drops', 'wants', 'holds', 'paints'];

function grammarSentence(rng: Rng): string {
  const subject = `the ${pick(rng, [`${pick(rng, ADJECTIVES)} `, ''])}${pick(rng, NOUNS)}`;
  const object = `${pick(rng, ['a', 'the'])} ${pick(rng, ADJECTIVES)} ${pick(rng, THINGS)}`;
  return pick(rng, [
    `${subject} ${pick(rng, VERBS)} ${object}.`,
    `does ${subject} like ${object}? yes.`,
    `${subject}'s ${pick(rng, THINGS)} is ${pick(rng, ADJECTIVES)}.`,
    `note: ${subject} ${pick(rng, VERBS)} ${object}, then rests.`,
  ]);
}

function countingRun(rng: Rng): string {
  const length = intBetween(rng, 3, 6);
  if (rng.next() < 0.5) {
    const from = intBetween(rng, 0, 90);
    return `count: ${Array.from({ length }, (_, i) => from + i).join(' ')}.`;
  }
  const from = intBetween(rng, 0, LETTERS.length - length);
  return `letters: ${[...LETTERS.slice(from, from + length)].join(' ')}.`;
}

const KINDS = [arithmeticFact, graphSentence, grammarSentence, countingRun];

function makeDocument(rng: Rng, maxChars: number): string {
  const kind = pick(rng, KINDS);
  let text = kind(rng);
  for (;;) {
    const next = `${text}${pick(rng, [' ', '\n'])}${kind(rng)}`;
    if (next.length > maxChars) return text;
    text = next;
  }
}

/** `count` documents, each at most maxChars characters, all within the task vocabulary. */
export function pretrainDocuments(rng: Rng, count: number, maxChars = PRETRAIN_MAX_CHARS): string[] {
  if (maxChars < 64) throw new Error(`pretrainDocuments: maxChars ${maxChars} is below 64, the room one sentence may need`);
  return Array.from({ length: count }, () => makeDocument(rng, maxChars));
}
