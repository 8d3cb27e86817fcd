// Teacherless training (Bachmann & Nagarajan 2024, "The pitfalls of next-token prediction"): the answer's input
// tokens are replaced by DUMMY, so the model cannot lean on the teacher-forced answer prefix (the Clever Hans
// shortcut) and must plan the whole answer from the prompt.
//
//   inputs   p0 .. p(Q-1)  $  $ ... $          (A dummies in place of a0 .. a(A-1), kind answer, positions Q..N-1)
//   targets  the next-token targets of NTP: p(Q-1) -> a0, the dummy at answer slot j -> a(j+1), the last -> none
//   mask     the same bidirectional prompt prefix as every method, causal over the answer
//   loss     L = CE over the answer positions (one group); no extra tensors
// Inference: one forward pass over prompt + K dummies, the argmax at p(Q-1) and at each dummy is the answer, cut
// after the first EOS (src/train/generate.ts). Causality makes each prediction independent of the dummies after it.
import { layoutInterleaved } from '../../mutor/layout1d';
import { emptyHeads, type PromptAnswer, type SequenceLayout } from '../../mutor/sequence';
import { TokenKind } from '../../model/batch';
import { DUMMY } from '../../tasks/tokenizer';
import { NO_METHOD_TENSORS } from '../../model/methodTensors';
import type { TrainingMethod } from '../method';

/** The NTP layout of `example` with every answer input replaced by DUMMY (targets unchanged). */
function layoutWithDummies(example: PromptAnswer): SequenceLayout {
  const layout = layoutInterleaved(example, 1);
  layout.inputIds = layout.inputIds.map((id, i) => (layout.kinds[i] === TokenKind.answer ? DUMMY : id));
  return layout;
}

export const teacherless: TrainingMethod = {
  label: 'Teacherless',
  pageColor: '#7c3aed',
  plotColor: '#8c6bb1',
  description: 'teacherless (dummy answer inputs; the whole answer from one forward pass)',
  knobs: [],
  tensors: () => NO_METHOD_TENSORS,
  groupCoefficients: () => [1],
  layout: layoutWithDummies,
  inferenceLayout: layoutWithDummies,
  looksAhead: false,
  horizonProbes: () => [],
  inference: {
    kind: 'oneShot',
    layout(prompt, answerSlots) {
      const layout = layoutWithDummies({ prompt: [...prompt], answer: new Array<number>(answerSlots).fill(DUMMY) });
      return { ...layout, heads: emptyHeads(1, layout.inputIds.length) };
    },
  },
  describeLayout: (layout) => [
    `${layout.inputIds.length - layout.promptLen} dummy inputs ⟨$⟩ in place of the answer, each position predicting the next answer token`,
    'the whole answer from one forward pass at inference',
  ],
};
