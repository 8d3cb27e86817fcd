// Next-token prediction: the plain sequence, every answer position predicts the next token, one loss group.
// Adds no tensors; decodes token by token. The baseline every other method is compared with.
import { layoutInterleaved } from '../../mutor/layout1d';
import { NO_METHOD_TENSORS } from '../../model/methodTensors';
import type { TrainingMethod } from '../method';

export const ntp: TrainingMethod = {
  label: 'NTP',
  pageColor: 'var(--ntp)',
  plotColor: '#4c72b0',
  description: 'next-token prediction',
  knobs: [],
  tensors: () => NO_METHOD_TENSORS,
  groupCoefficients: () => [1],
  layout: (example) => layoutInterleaved(example, 1),
  inferenceLayout: (example) => layoutInterleaved(example, 1),
  looksAhead: false,
  horizonProbes: () => [],
  inference: { kind: 'nextToken' },
  describeLayout: () => ['one next-token target per position, no registers'],
};
