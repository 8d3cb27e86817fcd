// MuToR-2D (MUTOR.md "2D registers"): for an image task, each sequence draws (dh, dw) uniformly from {1..D}² minus
// (1,1), D = dMax; the register after the token at cell (r, c) predicts the cell (r + dh - 1, c + dw - 1), nothing
// when that is outside the image (no wrapping to the next row). When it exists it is exactly the paper's raster
// offset d = (dh - 1)·w + dw - 1 ahead, and the register sits at the 2D position of the token before its target.
// Masks, loss, placement and the one shared register row are MuToR's; registers are dropped at inference.
//   L = (1 - a) · CE_ntp + a · CE_reg          group 0 = regular tokens, group 1 = registers
// The offset a layout takes is the pair's number k = (dh-1)·D + (dw-1) in 1..D²-1 (offsetOfIndex); evaluation reports
// the registers' accuracy at pair k as horizonAccuracy[k], beside the next token's at index 0, the pair (1, 1).
import { layoutInterleaved } from '../../mutor/layout1d';
import type { PromptAnswer } from '../../mutor/sequence';
import type { MethodKnobs } from '../knobs';
import type { TrainingMethod } from '../method';
import { layoutGrid2D, offsetOfIndex, type GridLayout } from './grid2d';

function gridOf(example: PromptAnswer) {
  if (!example.grid) throw new Error('MuToR-2D lays out images only: choose an image task (fashionMnist)');
  return example.grid;
}

export const mutor2d: TrainingMethod = {
  label: 'MuToR-2D',
  pageColor: 'var(--mutor2d)',
  plotColor: '#8e44ad',
  description: 'MuToR-2D registers (predict the pixel d_h - 1 rows down and d_w - 1 columns right; images only)',
  knobs: ['dMax', 'alpha', 'placement', 'placementK', 'placementFraction'],
  gridOnly: true,
  tensors: () => ({ registerRows: 1, outputHeads: 1 }),
  groupCoefficients: (knobs) => [1 - knobs.alpha, knobs.alpha],
  offsets: {
    draw: (knobs, rng) => 1 + rng.int(knobs.dMax * knobs.dMax - 1),
    max: (knobs) => knobs.dMax * knobs.dMax - 1,
  },
  offsetLabel: (k, knobs) => `(${offsetOfIndex(k, knobs.dMax).join(', ')})`,
  layout: (example, knobs: MethodKnobs, k, vocabSize, rng) =>
    layoutGrid2D(example, { ...gridOf(example), D: knobs.dMax }, vocabSize, rng, { placement: knobs, offset: offsetOfIndex(k, knobs.dMax) }),
  inferenceLayout: (example) => layoutInterleaved(example, 1),
  looksAhead: true,
  // Every pair but (1, 1), the next token, at its own number k: horizonAccuracy[k] = accuracy of the pair numbered k.
  horizonProbes: (knobs) => Array.from({ length: knobs.dMax * knobs.dMax - 1 }, (_, i) => ({ d: i + 2, layoutOffset: i + 1, head: 0, group: 1 })),
  horizonGrid: (knobs) => knobs.dMax,
  inference: { kind: 'nextToken' },
  describeLayout: (layout) => {
    const { dh, dw, d } = layout as GridLayout;
    return [
      `${layout.registers.length} registers, (d_h, d_w) = (${dh}, ${dw}): raster offset d = ${d}`,
      `${layout.inputIds.length} tokens in training, ${layout.inputIds.length - layout.registers.length} at inference (registers are dropped)`,
    ];
  },
};
