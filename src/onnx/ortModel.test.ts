import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../model/batch';
import { TokenKind } from '../model/batch';
import type { ModelConfig } from '../model/config';
import { referenceForward } from '../reference/model';
import { toFloat64 } from '../reference/params';
import { generate, greedy } from '../train/generate';
import type { LogitsModel } from '../model/logitsModel';
import { createRng } from '../util/random';
import { exportOnnx } from './export';
import { createOrtModel, type OrtModel } from './ortModel';
import { onnxTestBatch, onnxTestConfig, randomParams } from './testing';

const BOS = 1, EOS = 2;

/** The float64 reference as a LogitsModel that remembers every batch it was given. */
function referenceModel(config: ModelConfig, params: Float32Array, maxBatch: number): LogitsModel & { batches: Batch[] } {
  const p64 = toFloat64(params);
  const batches: Batch[] = [];
  return {
    config, maxBatch, maxT: config.maxLen, batches,
    async logits(batch) {
      batches.push(batch);
      return Float32Array.from(referenceForward(config, p64, batch).logits);
    },
  };
}

/** Prompts of 2..9 tokens, BOS first, the rest random ids past the special ones. */
function randomPrompts(config: ModelConfig, count: number, seed: number): number[][] {
  const rng = createRng(seed);
  return Array.from({ length: count }, () => [BOS, ...Array.from({ length: 1 + rng.int(8) }, () => 4 + rng.int(config.vocabSize - 4))]);
}

/** max |got - want| / max |want| over the batch's non-pad rows (both [B*T*V]). */
function relativeError(batch: Batch, got: Float32Array, want: Float32Array, V: number): number {
  expect(got.length).toBe(batch.B * batch.T * V);
  let maxDiff = 0, maxRef = 0;
  for (let n = 0; n < batch.B * batch.T; n++) {
    if (batch.kinds[n] === TokenKind.pad) continue;
    for (let v = n * V; v < (n + 1) * V; v++) {
      maxDiff = Math.max(maxDiff, Math.abs(got[v] - want[v]));
      maxRef = Math.max(maxRef, Math.abs(want[v]));
    }
  }
  expect(maxRef).toBeGreaterThan(1); // not trivially small logits
  return maxDiff / maxRef;
}

describe('OrtModel: an onnxruntime-web (wasm) session as a LogitsModel', () => {
  const config = onnxTestConfig({ tieEmbeddings: false });
  const params = randomParams(config, 21);
  const bytes = exportOnnx(config, params);
  let plain: OrtModel, chunked: OrtModel;

  beforeAll(async () => {
    plain = await createOrtModel(bytes, { preferWebGpu: false, numThreads: 1 });
    // Two rows per run and T padded to a multiple of 8: chunking and padding must not change a single logit row.
    chunked = await createOrtModel(bytes, { preferWebGpu: false, numThreads: 1 }, { maxBatch: 2, padTo: 8 });
  });
  afterAll(async () => {
    await plain?.release();
    await chunked?.release();
  });

  it('carries the export config and the wasm provider', () => {
    expect(plain.config).toEqual(config);
    expect(plain.provider).toBe('wasm');
    expect(plain.maxT).toBe(config.maxLen);
    expect(plain.maxBatch).toBe(32);
    expect(chunked.maxBatch).toBe(2);
  });

  it('matches the float64 reference on generation-style batches (prefix prompts, growing answers, trailing pads)', async () => {
    const reference = referenceModel(config, params, 5);
    await generate(reference, randomPrompts(config, 5, 3), 10, EOS);
    const batches = [...reference.batches];
    expect(batches.length).toBeGreaterThan(3);
    let worst = 0;
    for (const batch of batches) {
      const want = await reference.logits(batch);
      for (const model of [plain, chunked]) worst = Math.max(worst, relativeError(batch, await model.logits(batch), want, config.vocabSize));
    }
    console.info(`OrtModel vs reference on ${batches.length} generation batches: max relative logit error ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-4);
  });

  it('gives the same greedy generations as the reference, with and without chunking and padding', async () => {
    const prompts = randomPrompts(config, 7, 4);
    const want = await generate(referenceModel(config, params, 3), prompts, 12, EOS, greedy);
    expect(new Set(want.map((g) => g.join())).size).toBeGreaterThan(1); // the prompts lead somewhere different
    expect(await generate(plain, prompts, 12, EOS, greedy)).toEqual(want);
    expect(await generate(chunked, prompts, 12, EOS, greedy)).toEqual(want);
  });

  it('serializes concurrent calls on one session', async () => {
    const batch = onnxTestBatch(config, 6);
    const [a, b] = await Promise.all([chunked.logits(batch), chunked.logits(batch)]);
    expect(b).toEqual(a);
  });

  it('refuses register tokens, sequences past maxLen and bad options', async () => {
    const batch = onnxTestBatch(config, 7);
    batch.kinds[3] = TokenKind.register;
    await expect(plain.logits(batch)).rejects.toThrow(/no registers/);
    const long: Batch = { ...onnxTestBatch(config, 8), T: config.maxLen + 1 };
    await expect(plain.logits(long)).rejects.toThrow(`ort model: batch of ${config.maxLen + 1} tokens per sequence, the model's maxLen is ${config.maxLen}`);
    // The session survives a refused batch.
    expect((await plain.logits(onnxTestBatch(config, 9))).every(Number.isFinite)).toBe(true);
    await expect(createOrtModel(bytes, { preferWebGpu: false }, { maxBatch: 0 })).rejects.toThrow(/maxBatch must be a positive integer/);
  });

  it('refuses a file that is not an export with one line', async () => {
    await expect(createOrtModel(new Uint8Array([8, 1, 2]), { preferWebGpu: false })).rejects.toThrow(/^onnx import: [^\n]+$/);
  });
});
