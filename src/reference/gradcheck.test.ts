// Finite-difference check of every parameter tensor's gradient, on odd sizes (V 11, C 12, 3 heads, F 10, 2 layers,
// B 3, T 7) with unequal lengths, pads, prompt prefixes, registers (ids >= V, two rows) and one extra head,
// untied and tied, 1D and 2D RoPE, plus plain NTP models without registers or heads.
//
// The numerical derivative is the fourth-order central difference (-f(+2h) + 8f(+h) - 8f(-h) + f(-2h)) / 12h with
// h = 1e-4: its truncation error is O(h⁴) and its roundoff ~1e-11, so a 1e-6 relative tolerance has ~40x margin.
// (The second-order difference at h = 1e-6 has roundoff ~1e-9 absolute, which is 1e-6 relative already at
// |grad| = 1e-3, too close to the tolerance to give a test that fails only for real bugs.)
import { describe, expect, it } from 'vitest';
import { outputHeads, type ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import type { TestConfigOptions } from './fixtures';
import { makeTestBatch, randomTestParams, smallTestConfig } from './fixtures';
import { referenceBackward, referenceForward, referenceLoss } from './model';
import { createRng } from '../util/random';
import { TokenKind } from '../model/batch';

const H_STEP = 1e-4;
const REL_TOL = 1e-6;
/** Below this magnitude the relative error is measured against this floor instead (absolute error / 1e-3). */
const GRAD_FLOOR = 1e-3;
const SAMPLES_PER_TENSOR = 6;

const cases: TestConfigOptions[] = [
  { tied: false, ropeMode: '1d', registersAndHeads: true },
  { tied: true, ropeMode: '1d', registersAndHeads: true },
  { tied: false, ropeMode: '2d', registersAndHeads: true },
  { tied: true, ropeMode: '2d', registersAndHeads: true },
  { tied: false, ropeMode: '1d', registersAndHeads: false },
  { tied: true, ropeMode: '2d', registersAndHeads: false },
];

function numericalGradient(config: ModelConfig, params: Float64Array, batch: ReturnType<typeof makeTestBatch>, i: number): number {
  const original = params[i];
  const f = (delta: number): number => {
    params[i] = original + delta;
    const total = referenceLoss(config, params, batch).total;
    params[i] = original;
    return total;
  };
  return (-f(2 * H_STEP) + 8 * f(H_STEP) - 8 * f(-H_STEP) + f(-2 * H_STEP)) / (12 * H_STEP);
}

function allFinite(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) return false;
  return true;
}

describe.each(cases)('reference gradients: tied $tied, rope $ropeMode, registers+heads $registersAndHeads', (o) => {
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
    let argmax = t.offset;
    for (let i = t.offset; i < t.offset + t.size; i++) if (Math.abs(grads[i]) > Math.abs(grads[argmax])) argmax = i;
    // Every tensor takes part in the loss: a tensor with no gradient at all means a path is missing.
    expect(Math.abs(grads[argmax])).toBeGreaterThan(1e-3);
    const rng = createRng(t.offset + 7);
    const picks = new Set([argmax]);
    while (picks.size < Math.min(SAMPLES_PER_TENSOR + 1, t.size)) picks.add(t.offset + rng.int(t.size));
    for (const i of picks) {
      const numeric = numericalGradient(config, params, batch, i);
      expect(Number.isFinite(numeric)).toBe(true);
      const rel = Math.abs(grads[i] - numeric) / Math.max(Math.abs(grads[i]), Math.abs(numeric), GRAD_FLOOR);
      expect(rel, `${t.name}[${i - t.offset}] analytic ${grads[i]} numeric ${numeric}`).toBeLessThan(REL_TOL);
    }
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
