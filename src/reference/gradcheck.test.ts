// Finite-difference check of every parameter tensor's gradient, on odd sizes (V 11, C 12, 3 heads, F 10, 2 layers,
// B 3, T 7) with unequal lengths, pads, prompt prefixes, registers (ids >= V, two rows) and one extra head,
// untied and tied, 1D and 2D RoPE, plus plain NTP models without registers or heads, and LoRA adapters (rank 3 on
// every projection, rank 2 on attention only) beside registers and heads or alone (method: finiteDifferences.ts).
import { describe, expect, it } from 'vitest';
import { outputHeads } from '../model/methodTensors';
import { buildLayout } from '../model/layout';
import type { TestConfigOptions } from './fixtures';
import { makeTestBatch, randomTestParams, smallTestConfig } from './fixtures';
import { gradientMismatches } from './finiteDifferences';
import { referenceBackward, referenceForward } from './model';
import { TokenKind } from '../model/batch';

const SAMPLES_PER_TENSOR = 6;

const cases: TestConfigOptions[] = [
  { tied: false, ropeMode: '1d', registersAndHeads: true },
  { tied: true, ropeMode: '1d', registersAndHeads: true },
  { tied: false, ropeMode: '2d', registersAndHeads: true },
  { tied: true, ropeMode: '2d', registersAndHeads: true },
  { tied: false, ropeMode: '1d', registersAndHeads: false },
  { tied: true, ropeMode: '2d', registersAndHeads: false },
  { tied: true, ropeMode: '1d', registersAndHeads: true, lora: { rank: 3, alpha: 5, mlp: true } },
  { tied: false, ropeMode: '2d', registersAndHeads: false, lora: { rank: 2, alpha: 2, mlp: false } },
];

function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

describe.each(cases)('reference gradients: tied $tied, rope $ropeMode, registers+heads $registersAndHeads, LoRA $lora', (o) => {
  const config = smallTestConfig(o);
  const layout = buildLayout(config);
  const params = randomTestParams(config, 101);
  const batch = makeTestBatch(config, 202);
  const { logits, cache } = referenceForward(config, params, batch);
  const { loss, grads } = referenceBackward(config, params, batch, cache);

  it('produces finite logits, loss and gradients, and zero gradient in the layout gaps', () => {
    expect(logits.length).toBe(outputHeads(config) * batch.B * batch.T * config.vocabSize);
    expect(allFinite(logits)).toBe(true);
    expect(allFinite(grads)).toBe(true);
    expect(Number.isFinite(loss.total) && loss.total > 0).toBe(true);
    const inTensor = new Uint8Array(layout.totalSize);
    for (const t of layout.tensors) inTensor.fill(1, t.offset, t.offset + t.size);
    for (let i = 0; i < layout.totalSize; i++) if (!inTensor[i]) expect(grads[i]).toBe(0);
  });

  it('reports group means and weights; a group without weight reports 0', () => {
    const nGroups = batch.groupCoefficients.length;
    expect(loss.groupMeans.length).toBe(nGroups);
    expect(loss.groupWeights[nGroups - 1]).toBe(0);
    expect(loss.groupMeans[nGroups - 1]).toBe(0);
    for (let g = 0; g < nGroups - 1; g++) expect(loss.groupWeights[g]).toBeGreaterThan(0);
    const total = loss.groupMeans.reduce((s, m, g) => s + batch.groupCoefficients[g] * m, 0);
    expect(loss.total).toBeCloseTo(total, 14);
  });

  it.each(layout.tensors.map((t) => [t.name, t] as const))('%s matches central differences', (_name, t) => {
    expect(gradientMismatches(config, params, batch, grads, t, SAMPLES_PER_TENSOR)).toEqual([]);
  });

  it.runIf(!config.tieEmbeddings)('gives exactly zero gradient to embedding rows no real token uses', () => {
    const used = new Set<number>();
    for (let n = 0; n < batch.B * batch.T; n++) if (batch.kinds[n] !== TokenKind.pad) used.add(batch.inputIds[n]);
    const emb = layout.byName.get('tokenEmbedding')!;
    let unusedRows = 0;
    for (let v = 0; v < config.vocabSize; v++) {
      const row = grads.subarray(emb.offset + v * config.dModel, emb.offset + (v + 1) * config.dModel);
      if (used.has(v)) expect(row.some((g) => g !== 0)).toBe(true);
      else {
        unusedRows++;
        expect(row.every((g) => g === 0)).toBe(true);
      }
    }
    expect(unusedRows).toBeGreaterThan(0);
  });
});
