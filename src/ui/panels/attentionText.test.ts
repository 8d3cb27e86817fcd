import { describe, expect, it } from 'vitest';
import { tokenKindNames, TokenKind, canAttend } from '../../model/batch';
import { attentionWindow, describeCell, maskReason, PROMPT_CONTEXT, type CellToken } from './attentionText';

describe('maskReason', () => {
  it('agrees with canAttend on every kind pair and order', () => {
    const kinds = [TokenKind.prompt, TokenKind.prompt, TokenKind.answer, TokenKind.register, TokenKind.answer, TokenKind.register, TokenKind.pad];
    const tok = (i: number): CellToken => ({ index: i, text: 'x', kind: tokenKindNames[kinds[i]] });
    for (let q = 0; q < kinds.length; q++) {
      for (let k = 0; k < kinds.length; k++) {
        expect(maskReason(tok(q), tok(k)) === null).toBe(canAttend(kinds, 0, q, k));
      }
    }
  });
  it('describes cells in words', () => {
    const q: CellToken = { index: 5, text: 'R', kind: 'register', position: '4' };
    const k: CellToken = { index: 3, text: 'R', kind: 'register', position: '3' };
    expect(describeCell(q, k)).toMatch(/blocked, no token ever attends to a register/);
    expect(describeCell(q, k, 0)).toMatch(/blocked, no token ever attends/);
    expect(describeCell(q, q, 0.5)).toBe('Query #5 ‘R’ (register, pos 4) → key #5 ‘R’ (register, pos 4): 50.0% of its attention');
  });
});

describe('attentionWindow', () => {
  const kinds = ['prompt', 'prompt', 'prompt', 'prompt', 'prompt', 'register', 'answer', 'register', 'answer', 'pad', 'pad'] as const;
  it('keeps the whole sequence without trailing pads', () => {
    expect(attentionWindow(kinds, 'all')).toEqual({ start: 0, end: 9 });
  });
  it('starts the answer region a few prompt tokens before the answer', () => {
    expect(attentionWindow(kinds, 'answer')).toEqual({ start: 5 - PROMPT_CONTEXT, end: 9 });
    expect(attentionWindow(['prompt', 'answer'], 'answer')).toEqual({ start: 0, end: 2 });
    expect(attentionWindow(['prompt', 'prompt'], 'answer')).toEqual({ start: 0, end: 2 });
  });
});
