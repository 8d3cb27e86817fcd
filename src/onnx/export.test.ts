import { describe, expect, it } from 'vitest';
import { TokenKind } from '../model/batch';
import { buildLayout } from '../model/layout';
import { NO_METHOD_TENSORS, type RunModelConfig } from '../model/methodTensors';
import { referenceForward } from '../reference/model';
import { toFloat64 } from '../reference/params';
import { createRng } from '../util/random';
import { exportOnnx } from './export';
import type { OnnxBatch } from './feeds';
import { onnxBatchFromBatch } from './feeds';
import { createSession, runLogits } from './runtime';
import { onnxTestBatch, onnxTestConfig, randomParams } from './testing';

/**
 * The same sequences with `shift` pads in front (random ids, real-looking positions): attention_mask and prompt_len
 * (an end index) are all that keep the pads out, so each real token must get its unpadded logits.
 */
function leftPadded(b: OnnxBatch, shift: number, vocabSize: number, seed: number): OnnxBatch {
  const rng = createRng(seed);
  const T = b.T + shift, P = b.positions.length / (b.B * b.T);
  const inputIds = new Int32Array(b.B * T), positions = new Int32Array(b.B * T * P), attentionMask = new Int32Array(b.B * T);
  for (let i = 0; i < b.B; i++) {
    for (let t = 0; t < T; t++) {
      const src = i * b.T + t - shift, dst = i * T + t, real = t >= shift;
      inputIds[dst] = real ? b.inputIds[src] : rng.int(vocabSize);
      attentionMask[dst] = real ? b.attentionMask[src] : 0;
      for (let c = 0; c < P; c++) positions[dst * P + c] = real ? b.positions[src * P + c] : rng.int(4);
    }
  }
  return { B: b.B, T, inputIds, positions, attentionMask, promptLen: Array.from(b.promptLen, (n) => n + shift) };
}

/** max |onnx - ref| / max |ref| over the non-pad rows of [N, V] logits, the ONNX batch left-padded by `shift`. */
async function relativeError(config: RunModelConfig, seed: number, shift: number): Promise<number> {
  const params = randomParams(config, seed);
  const batch = onnxTestBatch(config, seed + 1);
  const s = await createSession(exportOnnx(config, params), { preferWebGpu: false, numThreads: 1 });
  const got = await runLogits(s, leftPadded(onnxBatchFromBatch(batch), shift, config.vocabSize, seed + 2));
  await s.session.release();
  const want = referenceForward(config, toFloat64(params), batch).logits;
  const V = config.vocabSize, T = batch.T;
  expect(got.length).toBe(batch.B * (T + shift) * V);
  let maxDiff = 0, maxRef = 0;
  for (let n = 0; n < batch.B * T; n++) {
    if (batch.kinds[n] === TokenKind.pad) continue;
    const row = n + shift * (Math.floor(n / T) + 1);
    for (let v = 0; v < V; v++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[row * V + v] - want[n * V + v]));
      maxRef = Math.max(maxRef, Math.abs(want[n * V + v]));
    }
  }
  expect(maxRef).toBeGreaterThan(1); // the logits are not trivially small
  return maxDiff / maxRef;
}

describe('exportOnnx in onnxruntime-web (wasm) vs the float64 reference', () => {
  // LoRA: the reference runs the adapted model (W·x plus the adapters' s·(x·A)·B), the export holds W + s·A·B.
  const cases: [string, Partial<RunModelConfig>][] = [
    ['tied, 1D RoPE', { tieEmbeddings: true }],
    ['untied, 1D RoPE', { tieEmbeddings: false }],
    ['untied, 2D RoPE', { tieEmbeddings: false, ropeMode: '2d' }],
    ['tied, LoRA rank 3 on every projection merged into the base', { tieEmbeddings: true, lora: { rank: 3, alpha: 5, mlp: true } }],
    ['untied, 2D RoPE, LoRA rank 2 on attention, merged, registers dropped', { tieEmbeddings: false, ropeMode: '2d', lora: { rank: 2, alpha: 4, mlp: false }, methodTensors: { registerRows: 1, outputHeads: 1 } }],
  ];
  for (const [label, o] of cases) {
    for (const shift of [0, 3]) {
      it(`${label}: prompt prefix, trailing pads, repeated positions${shift ? ', 3 leading pads' : ''}`, async () => {
        const err = await relativeError(onnxTestConfig(o), 11, shift);
        console.info(`onnx vs reference, ${label}, ${shift} leading pads: max relative logit error ${err.toExponential(2)}`);
        expect(err).toBeLessThan(1e-4);
      });
    }
  }

  it('drops registers and extra heads: a MuToR model exports the same bytes as its base', () => {
    const config = onnxTestConfig({ tieEmbeddings: false, methodTensors: { registerRows: 2, outputHeads: 3 } });
    const params = randomParams(config, 5);
    const base = { ...config, methodTensors: NO_METHOD_TENSORS }, baseLayout = buildLayout(base), layout = buildLayout(config);
    const baseParams = new Float32Array(baseLayout.totalSize);
    for (const t of layout.tensors.filter((t) => !t.ofMethod)) {
      baseParams.set(params.subarray(t.offset, t.offset + t.size), baseLayout.byName.get(t.name)!.offset);
    }
    expect(baseLayout.totalSize).toBeLessThan(layout.totalSize);
    expect(Buffer.compare(exportOnnx(config, params), exportOnnx(base, baseParams))).toBe(0);
  });

  it('refuses params that do not fit the config', () => {
    const config = onnxTestConfig();
    expect(() => exportOnnx(config, new Float32Array(10))).toThrow(/10 parameters, the layout of this config has \d+/);
  });
});
