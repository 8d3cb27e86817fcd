// The 1D interleaved sequence of one (prompt, answer) example (MUTOR.md "Sequence layout").
//
// Regular tokens x_0..x_{N-1} = prompt (Q, BOS first) ++ answer (A, EOS last), N = Q + A; positions 0..N-1
// in order (registers take no slot). MuToR with offset d, default placement:
//
//   p0 .. p(Q-1)  R  a0  R  a1  ...  R  a(A-1)
//
//   register j follows regular token t = Q+j-1 and predicts x_{t+d} (= answer[j+d-1]);
//   its position is t+d-1, the position of the token just before its target (d = 1: its predecessor's);
//   when t+d > N-1 it has no target (-1, weight 0) and its position is clamped to N-1.
//   Group 1, input id vocabSize + row (row 0 shared, or d-1 with perOffsetEmbeddings).
//   registersInPrompt adds slots after p0..p(Q-2) with the same rule (their targets may be prompt tokens).
//
// Next-token targets (head 0, group 0): regular token t predicts x_{t+1} for Q-1 <= t <= N-2. The boundary:
//   the last prompt token p(Q-1) predicts answer[0]. It is a prompt token (inside the bidirectional prefix, kind
//   prompt) but what it predicts is an answer token, so it counts in CE_ntp as in the standard SFT loss over
//   answer tokens. Earlier prompt tokens and the final EOS have no target.
// Multi-Token heads (no registers): head h (0-based) at regular t predicts x_{t+h+1} for the same sources
//   t >= Q-1 while t+h+1 <= N-1 (head 0 = next token, group 0; heads h >= 1 pooled in group 1).
import { TokenKind, type TokenKindValue } from '../model/batch';
import type { Rng } from '../util/random';
import { headCount, type MethodConfig } from './method';
import { chooseSlots } from './placement';
import { emptyHeads, setTarget, type PromptAnswer, type SequenceLayout } from './sequence';

/**
 * Lays out one example. `d` is the register offset (mutor only, 1..dMax; ignored otherwise); `rng` is needed only
 * for placement 'fraction'.
 */
export function layoutSequence(example: PromptAnswer, method: MethodConfig, d: number, vocabSize: number, rng?: Rng): SequenceLayout {
  const Q = example.prompt.length, N = Q + example.answer.length;
  if (Q < 1 || N === Q) throw new Error(`layout: need a non-empty prompt and answer, got ${Q} and ${N - Q} tokens`);
  const mutor = method.kind === 'mutor';
  if (mutor && !(Number.isInteger(d) && d >= 1 && d <= method.dMax)) throw new Error(`layout: offset d must be an integer in 1..${method.dMax}, got ${d}`);
  const regular = [...example.prompt, ...example.answer];
  const firstSource = method.registersInPrompt ? 0 : Q - 1;
  // Slot i = the place after regular token firstSource + i, for sources up to N-2 (none after the last token).
  const placed = mutor ? chooseSlots(N - 1 - firstSource, method, rng) : [];
  const registerId = vocabSize + (method.perOffsetEmbeddings ? d - 1 : 0);

  const inputIds: number[] = [], kinds: TokenKindValue[] = [], positions: number[][] = [];
  const push = (id: number, kind: TokenKindValue, position: number) => {
    inputIds.push(id);
    kinds.push(kind);
    positions.push([position]);
    return inputIds.length - 1;
  };
  const regularAt: number[] = []; // sequence index of regular token t
  const registerSources: [index: number, source: number][] = [];
  for (let t = 0; t < N; t++) {
    regularAt.push(push(regular[t], t < Q ? TokenKind.prompt : TokenKind.answer, t));
    const slot = t - firstSource;
    if (slot >= 0 && slot < placed.length && placed[slot]) {
      registerSources.push([push(registerId, TokenKind.register, Math.min(t + d - 1, N - 1)), t]);
    }
  }

  const heads = emptyHeads(headCount(method), inputIds.length);
  heads.forEach((head, h) => {
    for (let t = Q - 1; t + h + 1 < N; t++) setTarget(head, regularAt[t], regular[t + h + 1], h === 0 ? 0 : 1);
  });
  const registers = registerSources.map(([index, t]) => {
    const inRange = t + d < N;
    setTarget(heads[0], index, inRange ? regular[t + d] : -1, 1);
    return { index, offset: d, source: regularAt[t], target: inRange ? regularAt[t + d] : -1 };
  });
  return { inputIds, kinds, positions, heads, registers, promptLen: regularAt[Q - 1] + 1, d: mutor ? d : 0 };
}
