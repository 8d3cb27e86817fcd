// The 1D sequence of one (prompt, answer) example (MUTOR.md "Sequence layout"), with the registers a method asks for
// interleaved. Each method (src/methods/<name>/) decides its registers and its number of output heads; this file
// lays them out.
//
// Regular tokens x_0..x_{N-1} = prompt (Q, BOS first) ++ answer (A, EOS last), N = Q + A; positions 0..N-1
// in order (registers take no slot). An image's grid (example.grid) turns each position p into the 2D position of
// regular token p (positionOf: prefix at [0, 0], answer token j at its cell [j div w, j mod w]). A register is inserted right after its source regular token, with the id,
// position and target the method chose (kind register, head 0, group 1). MuToR's default placement gives
//
//   p0 .. p(Q-1)  R  a0  R  a1  ...  R  a(A-1)
//
// Next-token targets (head 0, group 0): regular token t predicts x_{t+1} for Q-1 <= t <= N-2. The boundary:
//   the last prompt token p(Q-1) predicts answer[0]. It is a prompt token (inside the bidirectional prefix, kind
//   prompt) but what it predicts is an answer token, so it counts in CE_ntp as in the standard SFT loss over
//   answer tokens. Earlier prompt tokens and the final EOS have no target.
// H > 1 output heads (Multi-Token heads): head h (0-based) at regular t predicts x_{t+h+1} for the same sources
//   t >= Q-1 while t+h+1 <= N-1 (head 0 = next token, group 0; heads h >= 1 pooled in group 1).
import { TokenKind, type TokenKindValue } from '../model/batch';
import { emptyHeads, positionOf, setTarget, type PromptAnswer, type SequenceLayout } from './sequence';

/** One register to insert: all indices are regular-token indices 0..N-1. */
export interface RegisterSlot {
  /** The regular token it follows (t). */
  source: number;
  /** Its input id: vocabSize + its embedding row. */
  id: number;
  position: number;
  /** The regular token it predicts, or -1 for none (weight 0). */
  target: number;
  offset: number;
}

/**
 * Lays out one example with `H` output heads and the given registers (in increasing source order). `d` is reported
 * as the layout's offset (0 for a layout without registers).
 */
export function layoutInterleaved(example: PromptAnswer, H: number, registers: readonly RegisterSlot[] = [], d = 0): SequenceLayout {
  const Q = example.prompt.length, N = Q + example.answer.length;
  if (Q < 1 || N === Q) throw new Error(`layout: need a non-empty prompt and answer, got ${Q} and ${N - Q} tokens`);
  const regular = [...example.prompt, ...example.answer];

  const inputIds: number[] = [], kinds: TokenKindValue[] = [], positions: number[][] = [];
  const push = (id: number, kind: TokenKindValue, position: number) => {
    inputIds.push(id);
    kinds.push(kind);
    positions.push(positionOf(position, Q, example.grid));
    return inputIds.length - 1;
  };
  const regularAt: number[] = []; // sequence index of regular token t
  const registerAt: number[] = []; // sequence index of registers[j]
  for (let t = 0, j = 0; t < N; t++) {
    regularAt.push(push(regular[t], t < Q ? TokenKind.prompt : TokenKind.answer, t));
    for (; j < registers.length && registers[j].source === t; j++) registerAt.push(push(registers[j].id, TokenKind.register, registers[j].position));
  }
  if (registerAt.length !== registers.length) throw new Error('layout: registers must follow regular tokens 0..N-1 in increasing order');

  const heads = emptyHeads(H, inputIds.length);
  heads.forEach((head, h) => {
    for (let t = Q - 1; t + h + 1 < N; t++) setTarget(head, regularAt[t], regular[t + h + 1], h === 0 ? 0 : 1);
  });
  const registerInfo = registers.map((r, j) => {
    const index = registerAt[j];
    setTarget(heads[0], index, r.target < 0 ? -1 : regular[r.target], 1);
    return { index, offset: r.offset, source: regularAt[r.source], target: r.target < 0 ? -1 : regularAt[r.target] };
  });
  return { inputIds, kinds, positions, heads, registers: registerInfo, promptLen: regularAt[Q - 1] + 1, d };
}
