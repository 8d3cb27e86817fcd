import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import { createRng } from '../util/random';
import { exportOnnx } from './export';
import { configKeys } from './configJson';
import { importOnnx } from './import';
import type { ModelProto } from './proto';
import { decodeModel, encodeModel } from './proto';
import { DataType, readFloat32, tensorValueInfo } from './tensor';
import { onnxTestConfig, randomParams } from './testing';

function exported(o: Partial<ModelConfig> = {}): { config: ModelConfig; params: Float32Array; bytes: Uint8Array } {
  const config = onnxTestConfig(o);
  const params = randomParams(config, 3);
  return { config, params, bytes: exportOnnx(config, params) };
}

/** Decodes an export, lets `edit` change it, encodes it again. */
function edited(bytes: Uint8Array, edit: (m: ModelProto) => void): Uint8Array {
  const m = decodeModel(bytes);
  edit(m);
  return encodeModel(m);
}

function initializer(m: ModelProto, name: string) {
  const t = m.graph!.initializer!.find((i) => i.name === name);
  if (!t) throw new Error(`test: no initializer ${name}`);
  return t;
}

/** The one-line message importOnnx throws. */
function importError(bytes: Uint8Array, expected?: ModelConfig): string {
  try {
    importOnnx(bytes, expected);
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    const message = (e as Error).message;
    expect(message).not.toMatch(/\n/);
    return message;
  }
  throw new Error('test: importOnnx accepted the bytes');
}

describe('importOnnx round trip', () => {
  for (const tieEmbeddings of [true, false]) {
    it(`gives back the config and bitwise identical tensors (${tieEmbeddings ? 'tied' : 'untied'})`, () => {
      const { config, params, bytes } = exported({ tieEmbeddings });
      const back = importOnnx(bytes, config);
      expect(back.config).toEqual(config);
      expect(new Uint32Array(back.params.buffer)).toEqual(new Uint32Array(params.buffer));
    });
  }

  it('reads a shipped model, whose metadata still names the register and extra-head counts (0) of older exports', () => {
    const bytes = readFileSync('public/models/nano.onnx');
    expect(new TextDecoder().decode(bytes)).toContain('"nRegisterEmbeddings":0,"nExtraHeads":0');
    const { config, params } = importOnnx(bytes);
    expect(Object.keys(config).sort()).toEqual([...configKeys].sort());
    expect(params.length).toBe(buildLayout(config).totalSize);
    // Written back, the same model in the current metadata: it reads back equal.
    expect(importOnnx(exportOnnx(config, params))).toEqual({ config, params });
  });


  it('loads the base of a MuToR model, and accepts its full config as the expected one', () => {
    const config = onnxTestConfig({ ropeMode: '2d', methodTensors: { registerRows: 1, outputHeads: 3 } });
    const params = randomParams(config, 8);
    const back = importOnnx(exportOnnx(config, params), config);
    const { methodTensors, ...base } = config;
    expect(methodTensors).toEqual({ registerRows: 1, outputHeads: 3 });
    expect(back.config).toEqual(base);
    const layout = buildLayout(config), baseLayout = buildLayout(back.config);
    for (const t of baseLayout.tensors) {
      const src = layout.byName.get(t.name)!;
      expect(back.params.subarray(t.offset, t.offset + t.size)).toEqual(params.subarray(src.offset, src.offset + src.size));
    }
  });

  it('reads float_data as well as raw_data', () => {
    const { config, params, bytes } = exported();
    const asFloats = edited(bytes, (m) => {
      const t = initializer(m, 'layers.1.wGate');
      t.float_data = Array.from(readFloat32(t, [24, 40]));
      t.raw_data = new Uint8Array(0);
    });
    const t = initializer(decodeModel(asFloats), 'layers.1.wGate');
    expect([t.raw_data?.length ?? 0, t.float_data!.length]).toEqual([0, 24 * 40]);
    expect(importOnnx(asFloats, config).params).toEqual(params);
  });
});

describe('importOnnx errors: one line, naming the problem', () => {
  const { config, bytes } = exported();

  it('truncated file', () => {
    expect(importError(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(/^onnx import: not an ONNX model: protobuf decode failed \(.+\); truncated or corrupted file\?$/);
  });

  it('random bytes and empty bytes', () => {
    const rng = createRng(1);
    for (let trial = 0; trial < 20; trial++) {
      const junk = Uint8Array.from({ length: 64 + rng.int(4000) }, () => rng.int(256));
      expect(importError(junk)).toMatch(/^onnx import: not an ONNX model: /);
    }
    expect(importError(new Uint8Array(0))).toBe('onnx import: not an ONNX model: no ir_version or no graph');
  });

  it('a foreign ONNX model (one Add node)', () => {
    const foreign = encodeModel({
      ir_version: 8,
      opset_import: [{ domain: '', version: 17 }],
      graph: {
        name: 'add',
        node: [{ op_type: 'Add', input: ['a', 'b'], output: ['c'] }],
        input: [tensorValueInfo('a', DataType.FLOAT, [2]), tensorValueInfo('b', DataType.FLOAT, [2])],
        output: [tensorValueInfo('c', DataType.FLOAT, [2])],
      },
    });
    expect(importError(foreign)).toBe(
      'onnx import: not a MuToR export: graph inputs [a, b] lack input_ids, position_ids, prompt_len, attention_mask');
  });

  it('missing tensor, missing metadata', () => {
    const noWq = edited(bytes, (m) => { m.graph!.initializer = m.graph!.initializer!.filter((t) => t.name !== 'layers.0.wq'); });
    expect(importError(noWq)).toBe('onnx import: not a MuToR export: missing tensor layers.0.wq');
    const noMeta = edited(bytes, (m) => { m.metadata_props = []; });
    expect(importError(noMeta)).toBe('onnx import: not a MuToR export: no metadata entry mutor.config');
  });

  it('shape mismatch, wrong data type, short data', () => {
    const transposed = edited(bytes, (m) => { initializer(m, 'layers.1.wUp').dims = [40, 24]; });
    expect(importError(transposed)).toBe('onnx import: tensor layers.1.wUp has shape [40, 24], expected [24, 40]');
    const doubles = edited(bytes, (m) => { initializer(m, 'finalNorm').data_type = DataType.DOUBLE; });
    expect(importError(doubles)).toBe('onnx import: tensor finalNorm is DOUBLE, expected FLOAT (float32)');
    const short = edited(bytes, (m) => { const t = initializer(m, 'tokenEmbedding'); t.raw_data = t.raw_data!.subarray(4); });
    expect(importError(short)).toBe(`onnx import: tensor tokenEmbedding has ${37 * 24 * 4 - 4} bytes of raw data, expected ${37 * 24 * 4}`);
  });

  it('config mismatch, bad or tampered metadata', () => {
    expect(importError(bytes, { ...config, dModel: 48, nHeads: 4 })).toBe(
      'onnx import: config mismatch: dModel 24 in file, expected 48; nHeads 3 in file, expected 4');
    const meta = (value: string) => edited(bytes, (m) => { m.metadata_props = [{ key: 'mutor.config', value }]; });
    expect(importError(meta('{"vocabSize": 37'))).toMatch(/^onnx import: metadata mutor\.config is not valid JSON \(.+\)$/);
    expect(importError(meta(JSON.stringify({ ...config, dModel: '24' })))).toBe(
      'onnx import: metadata mutor.config: dModel must be a number, got "24"');
    expect(importError(meta(JSON.stringify({ ...config, nHeads: 5 })))).toBe(
      'onnx import: metadata mutor.config: model config: dModel 24 is not divisible by nHeads 5');
    expect(importError(meta(JSON.stringify({ ...config, nLayers: 1e9 })))).toMatch(
      /^onnx import: metadata mutor\.config implies \d+ parameters, more than a \d+-byte file can hold$/);
    const wider = meta(JSON.stringify({ ...config, dModel: 30 }));
    expect(importError(wider)).toBe('onnx import: tensor tokenEmbedding has shape [37, 24], expected [37, 30]');
  });

  it.each([
    ['maxLen 1e9', { maxLen: 1e9 }, 'model config: maxLen 1000000000 is above 65536'],
    ['ropeTheta 0', { ropeTheta: 0 }, 'model config: ropeTheta must be a finite number > 0, got 0'],
    ['ropeTheta -1', { ropeTheta: -1 }, 'model config: ropeTheta must be a finite number > 0, got -1'],
    ['normEps 0', { normEps: 0 }, 'model config: normEps must be a finite number > 0, got 0'],
    ['normEps -1e-5', { normEps: -1e-5 }, 'model config: normEps must be a finite number > 0, got -0.00001'],
  ])('metadata out of range: %s (issue 14)', (_, change, message) => {
    const tampered = edited(bytes, (m) => { m.metadata_props = [{ key: 'mutor.config', value: JSON.stringify({ ...config, ...change }) }]; });
    expect(importError(tampered)).toBe(`onnx import: metadata mutor.config: ${message}`);
  });

  it('metadata inconsistent with the tensors: ropeMode 2d on 1D weights, nLayers below the layers present (issue 14)', () => {
    const meta = (change: Partial<ModelConfig>) => edited(bytes, (m) => { m.metadata_props = [{ key: 'mutor.config', value: JSON.stringify({ ...config, ...change }) }]; });
    expect(importError(meta({ ropeMode: '2d' }))).toBe('onnx import: metadata mutor.config: ropeMode 2d needs position_ids of rank 3, the graph\'s has rank 2');
    expect(importError(meta({ nLayers: 1 }))).toBe('onnx import: metadata mutor.config says nLayers 1, the file holds tensors of 2 layers');
    const stray = edited(bytes, (m) => { m.graph!.initializer!.push({ ...initializer(m, 'finalNorm'), name: 'extra' }); });
    expect(importError(stray)).toBe('onnx import: not a MuToR export: tensor extra is not part of this config');
  });

  it.each([NaN, Infinity, -Infinity])('a weight of %s (issue 14: a NaN model was scored 0%%)', (bad) => {
    const poisoned = edited(bytes, (m) => {
      const t = initializer(m, 'layers.1.wv');
      const values = readFloat32(t, [24, 24]);
      values[5] = bad;
      t.raw_data = new Uint8Array(values.buffer);
    });
    expect(importError(poisoned)).toBe(`onnx import: tensor layers.1.wv holds ${bad} at index 5: the weights must be finite`);
  });
});
