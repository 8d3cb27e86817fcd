// Laid-out sequences to the engine's Batch (src/model/batch.ts), padded to T (src/methods/layout.ts lays them out).
//   pads: id 0, kind pad, position 0, no target (-1, weight 0, group 0)
//   [B*T] ids/kinds, [B*T*P] positions, [H*B*T] targets/weights/groups at (h*B + b)*T + t
import { TokenKind, type Batch } from '../model/batch';
import { positionComponents } from '../model/config';
import { outputHeads, registerRows, type RunModelConfig } from '../model/methodTensors';
import { emptyHeads, PREFIX_POSITION_2D, type SequenceLayout } from './sequence';

/** Prompts only (no registers, kind prompt, no targets), encoded as in training: for prefill before decoding. */
export function buildInferenceBatch(prompts: number[][], config: RunModelConfig, T?: number): Batch {
  const P = positionComponents(config);
  const layouts = prompts.map((prompt): SequenceLayout => ({
    inputIds: [...prompt],
    kinds: prompt.map(() => TokenKind.prompt),
    positions: prompt.map((_, t) => (P === 2 ? [...PREFIX_POSITION_2D] : [t])),
    heads: emptyHeads(outputHeads(config), prompt.length),
    registers: [],
    promptLen: prompt.length,
    d: 0,
  }));
  return packBatch(layouts, [1], config, T);
}

/** Pads laid-out sequences into one Batch, checking them against the model config. */
export function packBatch(layouts: SequenceLayout[], coefficients: number[], config: RunModelConfig, T?: number): Batch {
  const B = layouts.length;
  if (B === 0) throw new Error('batch: no sequences');
  const P = positionComponents(config), H = outputHeads(config);
  const longest = Math.max(...layouts.map((l) => l.inputIds.length));
  const len = T ?? longest;
  if (len < longest) throw new Error(`batch: T = ${len} is shorter than the longest sequence (${longest})`);
  if (len > config.maxLen) throw new Error(`batch: T = ${len} exceeds the model's maxLen ${config.maxLen}`);
  const batch: Batch = {
    B,
    T: len,
    inputIds: new Int32Array(B * len),
    positions: new Int32Array(B * len * P),
    kinds: new Uint32Array(B * len), // TokenKind.pad = 0
    promptLen: new Uint32Array(B),
    targets: new Int32Array(H * B * len).fill(-1),
    weights: new Float32Array(H * B * len),
    lossGroups: new Uint32Array(H * B * len),
    groupCoefficients: [...coefficients],
  };
  layouts.forEach((lay, b) => {
    checkLayout(lay, config, P, H, coefficients.length);
    batch.promptLen[b] = lay.promptLen;
    lay.inputIds.forEach((id, i) => {
      const o = b * len + i;
      batch.inputIds[o] = id;
      batch.kinds[o] = lay.kinds[i];
      batch.positions.set(lay.positions[i], o * P);
      lay.heads.forEach((head, h) => {
        const k = (h * B + b) * len + i;
        batch.targets[k] = head.targets[i];
        batch.weights[k] = head.weights[i];
        batch.lossGroups[k] = head.groups[i];
      });
    });
  });
  return batch;
}

/** Throws when a sequence does not fit the model: ids, position components, heads, loss groups. */
function checkLayout(lay: SequenceLayout, config: RunModelConfig, P: number, H: number, nGroups: number): void {
  const V = config.vocabSize, R = registerRows(config);
  if (lay.heads.length !== H) throw new Error(`batch: sequence has ${lay.heads.length} output heads, the model ${H}`);
  lay.inputIds.forEach((id, i) => {
    const ok = lay.kinds[i] === TokenKind.register ? id >= V && id < V + R : id >= 0 && id < V;
    if (!ok) throw new Error(`batch: id ${id} at ${i} does not fit a model with vocabSize ${V} and ${R} register rows`);
    if (lay.positions[i].length !== P) throw new Error(`batch: token ${i} has ${lay.positions[i].length} position components, the model uses ${P}`);
  });
  for (const head of lay.heads) {
    head.targets.forEach((t, i) => {
      if (t >= V) throw new Error(`batch: target ${t} at ${i} is outside the vocabulary`);
      if (head.groups[i] >= nGroups) throw new Error(`batch: loss group ${head.groups[i]} has no coefficient`);
    });
  }
}
