// MuToR's 1D registers (MUTOR.md "Sequence layout"), laid out by src/mutor/layout1d.ts:
//
//   register j follows regular token t = Q+j-1 and predicts x_{t+d} (= answer[j+d-1]);
//   its position is t+d-1, the position of the token just before its target (d = 1: its predecessor's);
//   when t+d > N-1 it has no target (-1, weight 0) and its position is clamped to N-1.
//   Input id vocabSize + row (row 0 shared, or d-1 with perOffsetEmbeddings).
//   registersInPrompt adds slots after p0..p(Q-2) with the same rule (their targets may be prompt tokens).
import { layoutInterleaved, type RegisterSlot } from '../../mutor/layout1d';
import type { PromptAnswer, SequenceLayout } from '../../mutor/sequence';
import type { Rng } from '../../util/random';
import type { MethodKnobs } from '../knobs';
import { chooseSlots } from './placement';

/** One example with registers at offset d (1..dMax); `rng` is needed only for placement 'fraction'. */
export function layoutWithRegisters(example: PromptAnswer, knobs: MethodKnobs, d: number, vocabSize: number, rng?: Rng): SequenceLayout {
  if (!(Number.isInteger(d) && d >= 1 && d <= knobs.dMax)) throw new Error(`layout: offset d must be an integer in 1..${knobs.dMax}, got ${d}`);
  const Q = example.prompt.length, N = Q + example.answer.length;
  const firstSource = knobs.registersInPrompt ? 0 : Q - 1;
  // Slot i = the place after regular token firstSource + i, for sources up to N-2 (none after the last token).
  const placed = chooseSlots(Math.max(0, N - 1 - firstSource), knobs, rng);
  const id = vocabSize + (knobs.perOffsetEmbeddings ? d - 1 : 0);
  const registers: RegisterSlot[] = [];
  placed.forEach((on, slot) => {
    const t = firstSource + slot;
    if (on) registers.push({ source: t, id, position: Math.min(t + d - 1, N - 1), target: t + d < N ? t + d : -1, offset: d });
  });
  return layoutInterleaved(example, 1, registers, d);
}
