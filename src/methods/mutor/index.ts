// MuToR (MUTOR.md): a register before every answer token (or a placement's subset) predicts the regular token d
// steps ahead through the shared output head; d ~ Uniform{dMin..dMax} per sequence. Registers are invisible to
// regular tokens and dropped at inference, so the fine-tuned model is a plain next-token model.
//   L = (1 - a) · CE_ntp + a · CE_reg          group 0 = regular tokens, group 1 = registers
// Tensors: the register embedding, 1 shared row or dMax rows (row d-1) with perOffsetEmbeddings, fresh init.
import { layoutInterleaved } from '../../mutor/layout1d';
import type { TrainingMethod } from '../method';
import { layoutWithRegisters } from './layout';

export const mutor: TrainingMethod = {
  label: 'MuToR',
  pageColor: 'var(--mutor)',
  plotColor: '#dd5544',
  description: 'MuToR registers (predict d tokens ahead, dropped at inference)',
  knobs: ['dMax', 'dMin', 'alpha', 'placement', 'placementK', 'placementFraction', 'registersInPrompt', 'perOffsetEmbeddings'],
  tensors: (knobs) => ({ registerRows: knobs.perOffsetEmbeddings ? knobs.dMax : 1, outputHeads: 1 }),
  groupCoefficients: (knobs) => [1 - knobs.alpha, knobs.alpha],
  offsets: {
    draw: (knobs, rng) => knobs.dMin + rng.int(knobs.dMax - knobs.dMin + 1),
    max: (knobs) => knobs.dMax,
  },
  layout: layoutWithRegisters,
  inferenceLayout: (example) => layoutInterleaved(example, 1),
  // d = 1 is the next token, which next-token accuracy already reports.
  looksAhead: true,
  horizonProbes: (knobs) => {
    const probes = [];
    for (let d = Math.max(2, knobs.dMin); d <= knobs.dMax; d++) probes.push({ d, layoutOffset: d, head: 0, group: 1 });
    return probes;
  },
  inference: { kind: 'nextToken' },
  describeLayout: (layout) => {
    const regular = layout.inputIds.length - layout.registers.length;
    return [
      `${layout.registers.length} registers, d = ${layout.d}`,
      `${layout.inputIds.length} tokens in training, ${regular} at inference (registers are dropped)`,
    ];
  },
  paperStepCost: '~1.4× (wall clock, GSM8K)',
};
