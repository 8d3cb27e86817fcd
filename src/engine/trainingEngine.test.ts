import { describe, expect, it } from 'vitest';
import { testContext, expectClose, poisonBuffer } from '../gpu/testing';
import { buildLayout } from '../model/layout';
import { type ModelConfig } from '../model/config';
import { randomTestParams } from '../reference/fixtures';
import { adamwStep, createAdamWState } from '../reference/adamw';
import { initParameters } from '../reference/init';
import { referenceBackward, referenceForward } from '../reference/model';
import { expectTensorsClose } from '../reference/params';
import { createRng } from '../util/random';
import { defaultOptimizerOptions } from '../model/schedule';
import { concatBatches, engineTestConfig, randomEngineBatch, type EngineTestOptions } from './testing';
import { MAX_STEPS_IN_FLIGHT, TrainingEngine } from './trainingEngine';

const B = 3, T = 13;

/** Parameters as float32 (what the engine holds), and the same values in float64 for the reference. */
function testParameters(config: ModelConfig, seed: number): { p32: Float32Array; p64: Float64Array } {
  const p32 = Float32Array.from(randomTestParams(config, seed));
  return { p32, p64: Float64Array.from(p32) };
}

const variants: [string, EngineTestOptions][] = [
  ['tied, 1D RoPE, NTP', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 0 }],
  ['untied, 1D RoPE, registers, one extra head', { tied: false, ropeMode: '1d', registers: 2, extraHeads: 1 }],
  ['tied, 2D RoPE, registers, one extra head', { tied: true, ropeMode: '2d', registers: 1, extraHeads: 1 }],
  ['untied, 2D RoPE, registers', { tied: false, ropeMode: '2d', registers: 1, extraHeads: 0 }],
  ['tied, 1D RoPE, registers, three parallel extra heads (one stack)', { tied: true, ropeMode: '1d', registers: 1, extraHeads: 3 }],
  // B·T·dFF = 39·41 is odd: the heads cannot step through a stack in vec4s and run one stack each.
  ['untied, 2D RoPE, two parallel extra heads, a stack each (odd dFF)', { tied: false, ropeMode: '2d', registers: 0, extraHeads: 2, dFF: 41 }],
  ['tied, 1D RoPE, two sequential MTP modules', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 2, sequential: true }],
  ['untied, 2D RoPE, three sequential MTP modules', { tied: false, ropeMode: '2d', registers: 0, extraHeads: 3, sequential: true }],
];

// Cold pipeline compiles on a loaded 2-core machine can take most of a minute: give each test room.
describe('TrainingEngine against the float64 reference', { timeout: 300_000 }, () => {
  for (const [name, o] of variants) {
    it(`${name}: logits, loss and every gradient`, async () => {
      const ctx = await testContext();
      const config = engineTestConfig(o);
      const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: defaultOptimizerOptions });
      try {
        const { p32, p64 } = testParameters(config, 11);
        const batch = randomEngineBatch(config, B, T, createRng(5));
        engine.setParameters(p32);
        // Every activation poisoned first: one a kernel forgets to write shows up as NaN.
        poisonBuffer(ctx, engine['acts'].arena.gpuBuffer);
        const { logits, loss } = await engine.forward(batch, { logits: true });
        const ref = referenceForward(config, p64, batch);
        expectClose(logits!, ref.logits, 1e-4, 'logits');
        if (o.extraHeads > 0) {
          // The last extra head's block (an MTP module's attends over the shifted batch; a stacked head's is one
          // slice of its stack's attention).
          const last = o.extraHeads - 1;
          const probs = await engine.attentionProbabilities(config.nLayers + last, 1, 2);
          const off = (1 * config.nHeads + 2) * T * T;
          expectClose(probs, ref.cache.extraHeads[last].attn.probs.subarray(off, off + T * T), 1e-4, `extra head ${last + 1} attention probabilities`);
        }
        const { loss: refLoss, grads } = referenceBackward(config, p64, batch, ref.cache);
        expectClose([loss.total, ...loss.groupMeans, ...loss.groupWeights], [refLoss.total, ...refLoss.groupMeans, ...refLoss.groupWeights], 1e-4, 'loss');

        const trainLoss = await engine.gradients(batch);
        expectClose([trainLoss.total], [refLoss.total], 1e-4, 'training loss');
        expectTensorsClose(buildLayout(config), await engine.readGradients(), grads, 1e-3, 'gradient');
      } finally {
        engine.destroy();
      }
    });
  }

  it('micro-batches accumulate to the gradient of their union', async () => {
    const ctx = await testContext();
    const config = engineTestConfig(variants[1][1]);
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: defaultOptimizerOptions });
    try {
      const { p32, p64 } = testParameters(config, 3);
      const rng = createRng(9);
      const parts = [randomEngineBatch(config, B, T, rng), randomEngineBatch(config, B, T, rng)];
      engine.setParameters(p32);
      const loss = await engine.gradients(parts);
      const union = concatBatches(parts, config);
      const ref = referenceForward(config, p64, union);
      const { loss: refLoss, grads } = referenceBackward(config, p64, union, ref.cache);
      expectClose([loss.total, ...loss.groupMeans], [refLoss.total, ...refLoss.groupMeans], 1e-4, 'loss');
      expectTensorsClose(buildLayout(config), await engine.readGradients(), grads, 1e-3, 'gradient');
    } finally {
      engine.destroy();
    }
  });
});

describe('TrainingEngine steps', { timeout: 300_000 }, () => {
  it('three AdamW steps match the float64 reference (frozen tensor, clipping, warmup)', async () => {
    const ctx = await testContext();
    const config = engineTestConfig(variants[1][1]);
    const options = { ...defaultOptimizerOptions, lr: 3e-3, warmupSteps: 2, weightDecay: 0.1, maxGradNorm: 0.5, eps: 1e-6 };
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: options });
    try {
      const { p32, p64 } = testParameters(config, 21);
      const layout = buildLayout(config), state = createAdamWState(layout.totalSize);
      const trainable = (n: string) => n !== 'layers.0.wv';
      engine.setParameters(p32);
      engine.setTrainable(trainable);
      const rng = createRng(4);
      for (let s = 0; s < 3; s++) {
        const batch = randomEngineBatch(config, B, T, rng);
        const metrics = await engine.step(batch, { wantMetrics: s === 2 });
        const ref = referenceForward(config, p64, batch);
        const { loss, grads } = referenceBackward(config, p64, batch, ref.cache);
        const report = adamwStep(layout, p64, grads, state, options, trainable);
        if (metrics) {
          expectClose([metrics.loss.total, metrics.gradNorm, metrics.clipScale, metrics.lr], [loss.total, report.gradNorm, report.clipScale, report.lr], 1e-4, 'metrics');
          expect(metrics.step).toBe(2);
        }
      }
      expectTensorsClose(buildLayout(config), await engine.getParameters(), p64, 1e-4, 'parameters');
    } finally {
      engine.destroy();
    }
  });

  it('records one submission and no readback per step, keeps at most MAX_STEPS_IN_FLIGHT queued, and attention probabilities match', async () => {
    const ctx = await testContext();
    const config = engineTestConfig(variants[2][1]);
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: defaultOptimizerOptions });
    try {
      const { p32, p64 } = testParameters(config, 8);
      engine.setParameters(p32);
      const batch = randomEngineBatch(config, B, T, createRng(2));
      const before = engine.counters;
      // More steps than may be in flight: the engine waits for the GPU instead of queueing without bound.
      const steps = MAX_STEPS_IN_FLIGHT + 3;
      for (let s = 0; s < steps; s++) {
        await engine.step(batch);
        expect(engine.inFlight).toBeLessThanOrEqual(MAX_STEPS_IN_FLIGHT);
      }
      await engine.finish();
      const after = engine.counters;
      expect(after.submits - before.submits).toBe(steps);
      expect(after.readbacks - before.readbacks).toBe(0);
      expect(after.dispatches - before.dispatches).toBe(steps * engine.dispatchesPerStep);

      engine.setParameters(p32);
      await engine.forward(batch);
      const { cache } = referenceForward(config, p64, batch);
      const nh = config.nHeads;
      for (const [block, b, h] of [[0, 0, 0], [1, 2, 2], [2, 1, 1]]) {
        const probs = await engine.attentionProbabilities(block, b, h);
        const ref = block < config.nLayers ? cache.layers[block] : cache.extraHeads[block - config.nLayers];
        const off = (b * nh + h) * T * T;
        expectClose(probs, ref.attn.probs.subarray(off, off + T * T), 1e-4, `probabilities ${block}/${b}/${h}`);
      }
    } finally {
      engine.destroy();
    }
  });

  it('overfits a fixed batch', async () => {
    const ctx = await testContext();
    const config = engineTestConfig({ tied: true, ropeMode: '1d', registers: 1, extraHeads: 0 });
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: { ...defaultOptimizerOptions, lr: 1e-2, weightDecay: 0 } });
    try {
      engine.setParameters(initParameters(config, 1));
      const batch = randomEngineBatch(config, B, T, createRng(6));
      let loss = Infinity;
      for (let s = 0; s < 300 && loss >= 0.05; s++) {
        const m = await engine.step(batch, { wantMetrics: s % 20 === 19 });
        if (m) loss = m.loss.total;
      }
      expect(loss).toBeLessThan(0.05);
    } finally {
      engine.destroy();
    }
  });
});
