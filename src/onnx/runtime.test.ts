import { describe, expect, it } from 'vitest';
import { TokenKind } from '../model/batch';
import { exportOnnx } from './export';
import { onnxBatchFromBatch, onnxFeeds } from './feeds';
import { createSession, ortWasmPath, runLogits } from './runtime';
import { onnxTestBatch, onnxTestConfig, randomParams } from './testing';

describe('onnx runtime helpers', () => {
  it('falls back from webgpu to wasm where WebGPU is missing (Node), saying why', async () => {
    const config = onnxTestConfig();
    const s = await createSession(exportOnnx(config, randomParams(config, 1)), { preferWebGpu: true, numThreads: 1 });
    expect(s.provider).toBe('wasm');
    expect(s.fallbackReason).toMatch(/\S/);
    expect(s.fallbackReason).not.toMatch(/\n/);
    const batch = onnxTestBatch(config, 2);
    const logits = await runLogits(s, onnxBatchFromBatch(batch));
    expect(logits.length).toBe(batch.B * batch.T * config.vocabSize);
    expect(logits.every(Number.isFinite)).toBe(true);
    await s.session.release();
  });

  it('serves the wasm runtime from ort/ under the page base URL', () => {
    expect(ortWasmPath('http://127.0.0.1:4173/')).toBe('http://127.0.0.1:4173/ort/');
    expect(ortWasmPath('https://example.org/play/index.html?x=1')).toBe('https://example.org/play/ort/');
  });

  it('builds int64 feeds with [B, T] or [B, T, 2] positions, checks their ranges, refuses register tokens', () => {
    const config = onnxTestConfig({ ropeMode: '2d' });
    const batch = onnxTestBatch(config, 4);
    const feeds = onnxFeeds(onnxBatchFromBatch(batch), config);
    expect(feeds.position_ids.dims).toEqual([3, 9, 2]);
    expect(feeds.attention_mask.data.slice(9, 18)).toEqual(BigInt64Array.from([1, 1, 1, 1, 1, 1, 0, 0, 0], BigInt));
    expect(feeds.prompt_len.data).toEqual(BigInt64Array.from([3, 2, 5], BigInt));
    const one = { B: 1, T: 2, inputIds: [1, 2], positions: [0, 1, 2, 3], promptLen: [1], attentionMask: [1, 1] };
    expect(() => onnxFeeds({ ...one, positions: [0, 1, 2] }, config)).toThrow('onnx feeds: positions has 3 entries, expected 4');
    expect(() => onnxFeeds({ ...one, positions: [0, 1, 32, 0] }, config)).toThrow('onnx feeds: positions[2] = 32 is outside [0, 32)');
    expect(() => onnxFeeds({ ...one, inputIds: [1, 37] }, config)).toThrow('onnx feeds: inputIds[1] = 37 is outside [0, 37)');
    expect(() => onnxFeeds({ ...one, promptLen: [3] }, config)).toThrow('onnx feeds: promptLen[0] = 3 is outside [0, 3)');
    batch.kinds[4] = TokenKind.register;
    expect(() => onnxBatchFromBatch(batch)).toThrow(/no registers/);
  });

  it('refuses to run a model that exportOnnx did not write', async () => {
    await expect(createSession(new Uint8Array([1, 2, 3]), { preferWebGpu: false })).rejects.toThrow(/^onnx import: not an ONNX model/);
  });
});
