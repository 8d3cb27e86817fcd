// Whole-model conventions that the gradient check cannot see: tied lmHead = tokenEmbeddingᵀ, an extra head is one
// more block on h_L followed by the shared finalNorm and lmHead, and input validation.
import { describe, expect, it } from 'vitest';
import { registerRows, type RunModelConfig } from '../model/methodTensors';
import type { ParameterLayout } from '../model/layout';
import { buildLayout } from '../model/layout';
import { makeTestBatch, randomTestParams, smallTestConfig } from './fixtures';
import { referenceBackward, referenceForward } from './model';
import { tensorView } from './params';

/** Copies every tensor of `src` whose (renamed) name exists in `dst`. */
function copyTensors(srcL: ParameterLayout, src: Float64Array, dstL: ParameterLayout, dst: Float64Array, rename = (n: string) => n): void {
  for (const t of srcL.tensors) if (dstL.byName.has(rename(t.name))) tensorView(dst, dstL, rename(t.name)).set(tensorView(src, srcL, t.name));
}

describe('reference model conventions', () => {
  it('tied embeddings equal an untied model whose lmHead is tokenEmbeddingᵀ (logits and gradients)', () => {
    const tied = smallTestConfig({ tied: true, ropeMode: '1d', registersAndHeads: true });
    const untied: RunModelConfig = { ...tied, tieEmbeddings: false };
    const lt = buildLayout(tied), lu = buildLayout(untied);
    const pt = randomTestParams(tied, 11), pu = new Float64Array(lu.totalSize);
    copyTensors(lt, pt, lu, pu);
    const E = tensorView(pt, lt, 'tokenEmbedding'), W = tensorView(pu, lu, 'lmHead');
    const C = tied.dModel, V = tied.vocabSize;
    for (let v = 0; v < V; v++) for (let c = 0; c < C; c++) W[c * V + v] = E[v * C + c];
    const batch = makeTestBatch(tied, 12);
    const ft = referenceForward(tied, pt, batch), fu = referenceForward(untied, pu, batch);
    expect(Array.from(ft.logits)).toEqual(Array.from(fu.logits));
    const gt = referenceBackward(tied, pt, batch, ft.cache).grads, gu = referenceBackward(untied, pu, batch, fu.cache).grads;
    const dE = tensorView(gt, lt, 'tokenEmbedding'), dEu = tensorView(gu, lu, 'tokenEmbedding'), dW = tensorView(gu, lu, 'lmHead');
    for (let v = 0; v < V; v++) for (let c = 0; c < C; c++) expect(dE[v * C + c]).toBeCloseTo(dEu[v * C + c] + dW[c * V + v], 13);
  });

  it('extra head i = one block on h_L, then the shared finalNorm and lmHead', () => {
    const withHead = smallTestConfig({ tied: false, ropeMode: '2d', registersAndHeads: true });
    const deeper: RunModelConfig = { ...withHead, nLayers: withHead.nLayers + 1, methodTensors: { registerRows: 2, outputHeads: 1 } };
    const lh = buildLayout(withHead), ld = buildLayout(deeper);
    const ph = randomTestParams(withHead, 21), pd = new Float64Array(ld.totalSize);
    copyTensors(lh, ph, ld, pd, (n) => n.replace(/^heads\.0\./, `layers.${withHead.nLayers}.`));
    const batch = makeTestBatch(withHead, 22);
    const N = batch.B * batch.T, V = withHead.vocabSize;
    const deeperBatch = { ...batch, targets: batch.targets.slice(0, N), weights: batch.weights.slice(0, N), lossGroups: batch.lossGroups.slice(0, N) };
    const head1 = referenceForward(withHead, ph, batch).logits.subarray(N * V, 2 * N * V);
    const deep0 = referenceForward(deeper, pd, deeperBatch).logits;
    expect(Array.from(head1)).toEqual(Array.from(deep0));
  });

  it('rejects input ids with no embedding row and parameter arrays of the wrong size', () => {
    const c = smallTestConfig({ tied: false, ropeMode: '1d', registersAndHeads: true });
    const p = randomTestParams(c, 1), batch = makeTestBatch(c, 2);
    const bad = { ...batch, inputIds: batch.inputIds.slice() };
    bad.inputIds[0] = c.vocabSize + registerRows(c);
    expect(() => referenceForward(c, p, bad)).toThrow(/input id/);
    expect(() => referenceForward(c, p.subarray(1), batch)).toThrow(/params/);
  });
});
