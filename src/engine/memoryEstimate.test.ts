import { describe, expect, it } from 'vitest';
import { testContext } from '../gpu/testing';
import { defaultOptimizerOptions } from '../model/schedule';
import { createRng } from '../util/random';
import { KERNEL_UNIFORM_ALLOWANCE, estimateEngineMemory, pooledBytes } from './memoryEstimate';
import { engineTestConfig, randomEngineBatch, type EngineTestOptions } from './testing';
import { TrainingEngine } from './trainingEngine';

// The estimate against BufferPool's own account of an engine that has run a two-micro-batch step and (1D models)
// made its KV-cache decoder: every listed buffer must be there, and what the estimate leaves out (kernel uniforms)
// must stay under KERNEL_UNIFORM_ALLOWANCE.
const shapes: [string, EngineTestOptions, number, number, boolean?][] = [
  ['1D, NTP', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 0 }, 3, 13],
  ['1D, registers, two extra heads', { tied: false, ropeMode: '1d', registers: 2, extraHeads: 2 }, 5, 29],
  ['2D, with its decoder', { tied: true, ropeMode: '2d', registers: 1, extraHeads: 0 }, 2, 17],
  ['1D, one extra head, f16 weights', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 1 }, 3, 13, true],
];

describe('estimateEngineMemory', () => {
  it.each(shapes)('matches what the engine allocates: %s', async (_, o, B, T, f16) => {
    const ctx = await testContext();
    const config = engineTestConfig(o), halfWeights = f16 === true;
    const estimate = estimateEngineMemory({ config, B, T, microBatches: 2, halfWeights });
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: defaultOptimizerOptions, halfWeights });
    try {
      const rng = createRng(7);
      await engine.gradients([randomEngineBatch(config, B, T, rng), randomEngineBatch(config, B, T, rng)]);
      await engine.decoder();
      const uncounted = engine.gpuBytes - estimate.residentBytes;
      expect(uncounted).toBeGreaterThanOrEqual(0);
      expect(uncounted).toBeLessThan(KERNEL_UNIFORM_ALLOWANCE);
    } finally {
      engine.destroy();
    }
  });

  it('grows with every size a user can change, and counts the logits of every head', () => {
    const base = { config: engineTestConfig({ tied: true, ropeMode: '1d', registers: 0, extraHeads: 0 }), B: 4, T: 16, microBatches: 1 };
    const total = (s: typeof base) => estimateEngineMemory(s).totalBytes;
    expect(total({ ...base, B: 8 })).toBeGreaterThan(total(base));
    expect(total({ ...base, T: 32 })).toBeGreaterThan(total(base));
    expect(total({ ...base, microBatches: 3 })).toBeGreaterThan(total(base));
    const heads = { ...base, config: { ...base.config, methodTensors: { registerRows: 0, outputHeads: 4 } } };
    const readback = estimateEngineMemory(heads).buffers.find((b) => b.label === 'logits readback');
    expect(readback?.bytes).toBe(pooledBytes((1 + 2 * 4 + 4 * 4 * 16 * base.config.vocabSize) * 4));
  });
});
