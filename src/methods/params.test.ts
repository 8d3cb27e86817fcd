import { describe, expect, it } from 'vitest';
import { defaultModelConfig } from '../model/config';
import { outputHeads } from '../model/methodTensors';
import { blockTensorShapes } from '../model/layout';
import { modelConfigFor, parameterOverhead } from './params';
import { methodConfig } from './registry';

const C = defaultModelConfig.dModel;
const blockParameters = blockTensorShapes(defaultModelConfig).reduce((s, [, shape]) => s + shape.reduce((a, b) => a * b, 1), 0);

describe('modelConfigFor and parameterOverhead', () => {
  it('ntp adds nothing', () => {
    const m = methodConfig('ntp');
    expect(modelConfigFor(defaultModelConfig, m)).toMatchObject({ methodTensors: { registerRows: 0, outputHeads: 1 } });
    expect(parameterOverhead(m, defaultModelConfig)).toEqual({ tensors: 0, parameters: 0 });
  });

  it('mutor adds one shared row (dModel parameters), or dMax rows with per-offset embeddings', () => {
    const shared = methodConfig('mutor', { dMax: 4 });
    expect(modelConfigFor(defaultModelConfig, shared)).toMatchObject({ methodTensors: { registerRows: 1, outputHeads: 1 } });
    expect(parameterOverhead(shared, defaultModelConfig)).toEqual({ tensors: 1, parameters: C });
    const perOffset = methodConfig('mutor', { dMax: 4, perOffsetEmbeddings: true });
    expect(modelConfigFor(defaultModelConfig, perOffset).methodTensors?.registerRows).toBe(4);
    expect(parameterOverhead(perOffset, defaultModelConfig)).toEqual({ tensors: 1, parameters: 4 * C });
  });

  it('multiTokenHeads adds dMax - 1 transformer blocks and has dMax output heads', () => {
    const m = methodConfig('multiTokenHeads', { dMax: 3 });
    expect(modelConfigFor(defaultModelConfig, m)).toMatchObject({ methodTensors: { registerRows: 0, outputHeads: 3 } });
    expect(outputHeads(modelConfigFor(defaultModelConfig, m))).toBe(3);
    expect(parameterOverhead(m, defaultModelConfig)).toEqual({ tensors: 2 * blockTensorShapes(defaultModelConfig).length, parameters: 2 * blockParameters });
  });

  it('the overhead does not depend on what the given config already holds', () => {
    const m = methodConfig('mutor');
    expect(parameterOverhead(m, modelConfigFor(defaultModelConfig, methodConfig('multiTokenHeads')))).toEqual({ tensors: 1, parameters: C });
  });
});

describe('methodConfig', () => {
  it('paper defaults and validation', () => {
    expect(methodConfig('mutor')).toMatchObject({ dMax: 4, dMin: 1, alpha: 0.3, placement: 'all', registersInPrompt: false, perOffsetEmbeddings: false });
    expect(() => methodConfig('mutor', { dMin: 3, dMax: 2 })).toThrow(/dMin/);
    expect(() => methodConfig('mutor', { alpha: 1.5 })).toThrow(/alpha/);
    expect(() => methodConfig('mutor', { placementFraction: 0 })).toThrow(/placementFraction/);
  });
});
