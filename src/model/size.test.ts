import { describe, expect, it } from 'vitest';
import { defaultModelConfig } from './config';
import { defaultModelSize, headSplitProblem, scratchConfig, scratchParameterCount } from './size';

describe('model size', () => {
  it('defaults to the shape the playground always trained from scratch at', () => {
    expect(scratchConfig()).toEqual({ ...defaultModelConfig, vocabSize: 64 });
    expect(scratchParameterCount(defaultModelSize)).toBe(202_304); // README: nano, 202K
  });

  it('counts parameters: embedding + per layer (2 norms, 4 attention matrices, 3 SwiGLU matrices) + final norm', () => {
    const size = { dModel: 128, nLayers: 4, nHeads: 4, dFF: 344, maxLen: 128 };
    expect(scratchConfig(size)).toMatchObject(size);
    expect(scratchParameterCount(size)).toBe(64 * 128 + 4 * (2 * 128 + 4 * 128 * 128 + 3 * 128 * 344) + 128);
  });

  it('says when the heads cannot split d_model into head dims that are a multiple of 4', () => {
    expect(headSplitProblem({ dModel: 128, nHeads: 4 })).toBeNull();
    expect(headSplitProblem({ dModel: 64, nHeads: 3 })).toBe('3 heads do not divide d_model 64');
    expect(headSplitProblem({ dModel: 48, nHeads: 8 })).toBe('8 heads split d_model 48 into heads of 6, not a multiple of 4');
  });
});
