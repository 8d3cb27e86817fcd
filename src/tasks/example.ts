// Building examples from text and comparing a generated answer with the true one.
import type { Example } from './task';
import { BOS, EOS, encode } from './tokenizer';

export function makeExample(promptText: string, answerText: string, meta?: Example['meta']): Example {
  return { prompt: [BOS, ...encode(promptText)], answer: [...encode(answerText), EOS], promptText, answerText, meta };
}

/** The ids before the first EOS (all of them when the generation stopped without one). */
export function answerBody(ids: readonly number[]): readonly number[] {
  const end = ids.indexOf(EOS);
  return end < 0 ? ids : ids.slice(0, end);
}

/** Exact match of the whole answer: the generated ids up to EOS equal the true answer up to EOS. */
export function exactMatch(example: Example, generatedAnswerIds: readonly number[]): boolean {
  const want = answerBody(example.answer);
  const got = answerBody(generatedAnswerIds);
  return got.length === want.length && got.every((id, i) => id === want[i]);
}
