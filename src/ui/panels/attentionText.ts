// Words for one cell of the attention map: who the query and key are, and why a pair is blocked (MUTOR.md's mask).
import type { TokenKindName } from '../../model/batch';

export interface CellToken {
  index: number;
  text: string;
  kind: TokenKindName;
  position?: string;
}

/** Why `query` may not attend to `key`, or null when it may (the rules of canAttend, in words). */
export function maskReason(query: CellToken, key: CellToken): string | null {
  if (query.kind === 'pad' || key.kind === 'pad') return 'padding takes part in nothing';
  if (key.kind === 'register') return query.index === key.index ? null : 'no token ever attends to a register (only a register to itself)';
  if (query.kind === 'prompt') return key.kind === 'prompt' ? null : 'prompt tokens see only the prompt';
  if (query.kind === 'answer') return key.index <= query.index ? null : 'causal: no looking ahead';
  if (query.kind === 'register') return key.index < query.index ? null : 'causal: a register sees only what came before it';
  return 'not allowed';
}

const who = (t: CellToken) => `#${t.index} ‘${t.text}’ (${t.kind}${t.position !== undefined ? `, pos ${t.position}` : ''})`;

/** "Query #12 ‘a’ (answer, pos 10) → key #3 ‘,’ (prompt, pos 3): can attend" (mask) or "...: 13.4%" (live). */
export function describeCell(query: CellToken, key: CellToken, prob?: number): string {
  const reason = maskReason(query, key);
  const head = `Query ${who(query)} → key ${who(key)}`;
  if (prob !== undefined && !(reason && prob === 0)) {
    const pct = `${(prob * 100).toFixed(prob >= 0.1 ? 1 : 2)}% of its attention`;
    return reason ? `${head}: ${pct}, although the mask blocks it (${reason})` : `${head}: ${pct}`;
  }
  return reason ? `${head}: blocked, ${reason}` : `${head}: can attend`;
}

export type AttentionRegion = 'answer' | 'all';

/** Tokens kept before the first non-prompt token in the 'answer' view (the end of the prompt, for context). */
export const PROMPT_CONTEXT = 3;

/**
 * The [start, end) index window the attention map shows: the whole sequence without trailing pads, or the answer
 * region (the last few prompt tokens, then answer tokens and registers) where registers live.
 */
export function attentionWindow(kinds: readonly TokenKindName[], region: AttentionRegion): { start: number; end: number } {
  let end = kinds.length;
  while (end > 0 && kinds[end - 1] === 'pad') end--;
  if (region === 'all') return { start: 0, end };
  const firstAfterPrompt = kinds.findIndex((k) => k !== 'prompt');
  if (firstAfterPrompt < 0) return { start: 0, end };
  return { start: Math.max(0, firstAfterPrompt - PROMPT_CONTEXT), end };
}
