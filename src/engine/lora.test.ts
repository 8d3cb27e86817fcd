// The engine with LoRA adapters against the float64 reference (odd sizes, random batches with pads, every
// activation poisoned first): logits, loss and the trained tensors' gradients, frozen tensors without any; AdamW
// steps that leave the base bit for bit; B = 0 gives the base model's logits exactly; the memory it saves.
import { describe, expect, it } from 'vitest';
import { expectClose, poisonBuffer, testContext } from '../gpu/testing';
import { buildLayout, trainableLayout } from '../model/layout';
import type { RunModelConfig } from '../model/methodTensors';
import { defaultOptimizerOptions } from '../model/schedule';
import { adamwStep, createAdamWState } from '../reference/adamw';
import { randomTestParams } from '../reference/fixtures';
import { referenceBackward, referenceForward } from '../reference/model';
import { expectTensorsClose } from '../reference/params';
import { createRng } from '../util/random';
import { engineTestConfig, randomEngineBatch, type EngineTestOptions } from './testing';
import { TrainingEngine } from './trainingEngine';
import { expectReferenceGradients } from './engineTestUtil';

const B = 3, T = 11;

const variants: [string, EngineTestOptions][] = [
  ['tied, registers, one extra head, rank 3 on every projection', { tied: true, ropeMode: '1d', registers: 2, extraHeads: 1, lora: { rank: 3, alpha: 5, mlp: true } }],
  ['untied, two parallel extra heads (a stack, fully trained), rank 2', { tied: false, ropeMode: '1d', registers: 0, extraHeads: 2, lora: { rank: 2, alpha: 3, mlp: true } }],
  ['untied, 2D RoPE, rank 2 on attention only', { tied: false, ropeMode: '2d', registers: 0, extraHeads: 0, lora: { rank: 2, alpha: 2, mlp: false } }],
  ['tied, two sequential MTP modules, rank 1', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 2, sequential: true, lora: { rank: 1, alpha: 1, mlp: true } }],
];

/** Random parameters (adapters' B not 0) as float32, and the same values in float64. */
function parameters(config: RunModelConfig, seed: number): { p32: Float32Array; p64: Float64Array } {
  const p32 = Float32Array.from(randomTestParams(config, seed));
  return { p32, p64: Float64Array.from(p32) };
}

describe('TrainingEngine with LoRA against the float64 reference', { timeout: 300_000 }, () => {
  for (const [name, o] of variants) {
    it(`${name}: logits, loss, the trained tensors' gradients and three AdamW steps`, async () => {
      const ctx = await testContext();
      const config = engineTestConfig(o), layout = buildLayout(config);
      const options = { ...defaultOptimizerOptions, lr: 3e-3, warmupSteps: 1, weightDecay: 0.1, maxGradNorm: 0.5 };
      const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: options });
      try {
        const { p32, p64 } = parameters(config, 17);
        const rng = createRng(3);
        const batch = randomEngineBatch(config, B, T, rng);
        engine.setParameters(p32);
        poisonBuffer(ctx, engine['acts'].arena.gpuBuffer);
        await expectReferenceGradients(engine, config, p64, batch);

        const trained = (n: string) => !layout.byName.get(n)?.frozen;
        const state = createAdamWState(layout.totalSize);
        for (let s = 0; s < 3; s++) {
          const b = s === 0 ? batch : randomEngineBatch(config, B, T, rng);
          const metrics = await engine.step(b, { wantMetrics: true });
          const r = referenceForward(config, p64, b);
          const report = adamwStep(layout, p64, referenceBackward(config, p64, b, r.cache).grads, state, options, trained);
          expectClose([metrics!.gradNorm, metrics!.clipScale], [report.gradNorm, report.clipScale], 1e-4, `step ${s} gradient norm and clip`);
        }
        const after = await engine.getParameters();
        expectTensorsClose(layout, after, p64, 1e-4, 'parameters after three steps');
        for (const t of layout.tensors.filter((t) => t.frozen)) expect(after.subarray(t.offset, t.offset + t.size)).toEqual(p32.subarray(t.offset, t.offset + t.size));
        const { m } = await engine.getOptimizerState();
        expect(m.length).toBe(trainableLayout(layout).totalSize);
      } finally {
        engine.destroy();
      }
    });
  }

  it('with B = 0 the adapted model gives the base model\'s logits exactly, and its engine holds fewer bytes than full fine-tuning', async () => {
    const ctx = await testContext();
    const full = engineTestConfig({ tied: true, ropeMode: '1d', registers: 2, extraHeads: 1 });
    const adapted: RunModelConfig = { ...full, lora: { rank: 4, alpha: 8, mlp: true } };
    const fullLayout = buildLayout(full), layout = buildLayout(adapted);
    const p32 = Float32Array.from(randomTestParams(full, 9));
    const q32 = Float32Array.from(randomTestParams(adapted, 9));
    q32.set(p32.subarray(0, fullLayout.totalSize)); // the base's tensors keep their places; adapters come after
    for (const t of layout.tensors) if (t.name.endsWith('.loraB')) q32.fill(0, t.offset, t.offset + t.size);
    const batch = randomEngineBatch(full, B, T, createRng(8));
    const [e0, e1] = await Promise.all([full, adapted].map((c) => TrainingEngine.create(ctx, c, { B, T, optimizer: defaultOptimizerOptions })));
    try {
      e0.setParameters(p32);
      e1.setParameters(q32);
      const [a, b] = [await e0.forward(batch, { logits: true }), await e1.forward(batch, { logits: true })];
      expect(b.logits).toEqual(a.logits);
      expect(referenceForward(adapted, Float64Array.from(q32), batch).logits).toEqual(referenceForward(full, Float64Array.from(p32), batch).logits);
      expect(e1.gpuBytes).toBeLessThan(e0.gpuBytes);
    } finally {
      e0.destroy();
      e1.destroy();
    }
  });
});
