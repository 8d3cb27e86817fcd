// DeepSeek-V3's multi-token prediction (DeepSeek-AI 2024, §2.2): D sequential MTP modules after the trunk. Module k
// (1..D) at token i combines the hidden state h_{k-1,i} it gets from the module before it (h_0 = the trunk's last
// hidden state) with the embedding of token i + k,
//   h'_{k,i} = [rms(h_{k-1,i}; hiddenNorm_k), rms(Emb(x_{i+k}); embNorm_k)] · M_k          M_k [2C, C]
// runs one transformer block of the base blocks' shape over h'_k and predicts x_{i+k+1} through the shared
// embedding and output head. The final norm before the head is the shared finalNorm too (DeepSeek-V3's released
// weights give each module its own; sharing it keeps the head exactly the base model's, as for Multi-Token heads).
//
//   L = (1 - λ) · CE_ntp + λ / D · Σ_k CE_k     group 0 = next token, group k = module k, each the mean over its
//                                               targets (DeepSeek-V3 writes λ/D · Σ_k CE_k beside an unweighted
//                                               main loss; the (1 - λ) makes λ = 0 plain NTP, as MuToR's a = 0)
//
// Module k's token i has seen tokens up to i + k, so it attends as token i + k does (src/model/lookahead.ts): a
// prompt slot while i + k is in the prompt, causal after. Every answer token is a target of every module (from
// token i = Q - 1 - k on, as far as the sequence reaches). The modules are the method's tensors (heads.k-1.*,
// src/model/layout.ts): each block starts as a copy of the base's last block, the norms at 1, M_k fresh; they are
// dropped at inference and in ONNX export.
import { layoutInterleaved } from '../../mutor/layout1d';
import { setTarget, type PromptAnswer, type SequenceLayout } from '../../mutor/sequence';
import { fromLastTrunkBlock } from '../extraHeads';
import type { MethodKnobs } from '../knobs';
import type { TrainingMethod } from '../method';

/** The plain sequence; head k (module k) at token i predicts x_{i+k+1} for every answer token, in group k. */
function layoutModules(example: PromptAnswer, knobs: MethodKnobs): SequenceLayout {
  const D = knobs.mtpDepth, Q = example.prompt.length;
  const layout = layoutInterleaved(example, 1 + D);
  const regular = [...example.prompt, ...example.answer];
  for (let k = 1; k <= D; k++) {
    for (let i = Math.max(0, Q - 1 - k); i + k + 1 < regular.length; i++) setTarget(layout.heads[k], i, regular[i + k + 1], k);
  }
  return layout;
}

export const deepseekMtp: TrainingMethod = {
  label: 'DeepSeek MTP',
  pageColor: 'var(--deepseek)',
  plotColor: '#17a2b8',
  description: 'DeepSeek-V3 MTP (sequential modules predict 2..D+1 tokens ahead, dropped at inference)',
  knobs: ['mtpDepth', 'mtpWeight'],
  tensors: (knobs) => ({ registerRows: 0, outputHeads: 1 + knobs.mtpDepth, extraHeads: 'sequential' }),
  initialTensorFrom: fromLastTrunkBlock,
  groupCoefficients: (knobs) => [1 - knobs.mtpWeight, ...Array.from({ length: knobs.mtpDepth }, () => knobs.mtpWeight / knobs.mtpDepth)],
  layout: layoutModules,
  inferenceLayout: layoutModules,
  looksAhead: true,
  horizonProbes: (knobs) => Array.from({ length: knobs.mtpDepth }, (_, i) => ({ d: i + 2, head: i + 1 })),
  inference: { kind: 'nextToken' },
  describeLayout: (_layout, knobs) => [
    `${knobs.mtpDepth} MTP module${knobs.mtpDepth > 1 ? 's' : ''} after the trunk: module k reads the hidden state before it and the embedding of the token k ahead, and predicts the token k + 1 ahead`,
    'no registers; the modules are dropped at inference',
  ],
  describeTargets: (byHead) => byHead
    .map((t, k) => (t === null ? null : k === 0 ? `the model predicts ${t}` : `MTP module ${k} predicts ${t}, ${k + 1} ahead, from the embedding of the token before it`))
    .filter((s) => s !== null)
    .join('; '),
};
