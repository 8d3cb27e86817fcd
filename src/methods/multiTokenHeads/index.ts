// The Multi-Token heads baseline (Gloeckle et al. 2024): dMax - 1 extra heads, each one transformer block on the
// trunk's last hidden state sharing finalNorm and the unembedding; head h predicts x_{t+h+1}.
//   L = (1 - a) · CE_head0 + a · CE_extra       (every extra head's targets pooled into one mean, group 1)
//   with dMax 1 there is no extra head and L = CE_head0.
// Each extra head starts as a copy of the base model's last block (a pretrained block is a better start for a new
// head than noise; from scratch it is the same init either way). Generation uses head 0 only.
import { layoutInterleaved } from '../../mutor/layout1d';
import type { PromptAnswer } from '../../mutor/sequence';
import type { MethodKnobs } from '../knobs';
import type { TrainingMethod } from '../method';
import { fromLastTrunkBlock } from '../extraHeads';

const layout = (example: PromptAnswer, knobs: MethodKnobs) => layoutInterleaved(example, knobs.dMax);

export const multiTokenHeads: TrainingMethod = {
  label: 'Multi-Token heads',
  pageColor: 'var(--heads)',
  plotColor: '#2a9d5c',
  description: 'Multi-Token heads (extra output heads predict further ahead)',
  knobs: ['dMax', 'alpha'],
  tensors: (knobs) => ({ registerRows: 0, outputHeads: knobs.dMax }),
  initialTensorFrom: fromLastTrunkBlock,
  groupCoefficients: (knobs) => (knobs.dMax > 1 ? [1 - knobs.alpha, knobs.alpha] : [1]),
  layout,
  inferenceLayout: layout,
  looksAhead: true,
  horizonProbes: (knobs) => Array.from({ length: knobs.dMax - 1 }, (_, i) => ({ d: i + 2, head: i + 1 })),
  inference: { kind: 'nextToken' },
  describeLayout: (_layout, knobs) => [`${knobs.dMax} output heads per position, no registers`],
};
