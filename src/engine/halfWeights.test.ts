// The engine with f16 weights (halfWeights: the blocks' projections read as f16 copies) against the float64
// reference run on the same parameters with those projections rounded to f16, i.e. what the matmuls read: every
// other error is f32's, so the usual tolerances hold (logits, loss 1e-4; gradients 1e-3 of each tensor's largest).
// Then an AdamW step: the master weights stay f32 (they move by less than an f16 ulp), and the next forward reads
// copies refreshed from them. On a device without shader-f16 (context.ts asks for none): any adapter runs them.
import { describe, expect, it } from 'vitest';
import { expectClose, poisonBuffer, testContext } from '../gpu/testing';
import { buildLayout } from '../model/layout';
import type { RunModelConfig } from '../model/methodTensors';
import { defaultOptimizerOptions } from '../model/schedule';
import { randomTestParams } from '../reference/fixtures';
import { referenceForward } from '../reference/model';
import { createRng } from '../util/random';
import { roundToHalf } from '../util/half';
import { planHalfWeights } from './halfWeights';
import { engineTestConfig, randomEngineBatch, type EngineTestOptions } from './testing';
import { TrainingEngine } from './trainingEngine';
import { expectReferenceGradients } from './engineTestUtil';

const B = 3, T = 11;
const ctx = await testContext();

const variants: [string, EngineTestOptions][] = [
  ['tied, 1D RoPE, NTP', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 0 }],
  ['untied, 2D RoPE, registers, one extra head', { tied: false, ropeMode: '2d', registers: 1, extraHeads: 1 }],
  ['tied, three parallel extra heads (one stack: grouped f16-B matmuls)', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 3 }],
  ['tied, two sequential MTP modules', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 2, sequential: true }],
  ['LoRA rank 2 on every projection (the f16 copies of a frozen base)', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 0, lora: { rank: 2, alpha: 4, mlp: true } }],
];

/** `p` with every tensor that has an f16 copy rounded to f16, in float64. */
function asRead(config: RunModelConfig, p: Float32Array): Float64Array {
  const layout = buildLayout(config), out = Float64Array.from(p);
  for (const { name } of planHalfWeights(config).copies) {
    const t = layout.byName.get(name)!;
    out.set(roundToHalf(p.subarray(t.offset, t.offset + t.size)), t.offset);
  }
  return out;
}

describe('TrainingEngine with f16 weights', { timeout: 300_000 }, () => {
  for (const [name, o] of variants) {
    it(`${name}: logits, loss and gradients of the f16-rounded model; a step keeps f32 masters and refreshes the copies`, async () => {
      const config = engineTestConfig(o), layout = buildLayout(config);
      const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: { ...defaultOptimizerOptions, lr: 1e-4, warmupSteps: 1 }, halfWeights: true });
      try {
        const p32 = Float32Array.from(randomTestParams(config, 13));
        const rng = createRng(4);
        const batch = randomEngineBatch(config, B, T, rng);
        engine.setParameters(p32);
        poisonBuffer(ctx, engine['acts'].arena.gpuBuffer);
        await expectReferenceGradients(engine, config, asRead(config, p32), batch);

        await engine.step(batch);
        const after = await engine.getParameters();
        const copy = layout.byName.get(planHalfWeights(config).copies[0].name)!;
        const moved = after.subarray(copy.offset, copy.offset + copy.size);
        if (!o.lora) expect(moved.some((v, i) => v !== p32[copy.offset + i] && roundToHalf([v])[0] !== v), 'f32 master weights').toBe(true);
        const next = randomEngineBatch(config, B, T, rng);
        expectClose((await engine.forward(next, { logits: true })).logits!, referenceForward(config, asRead(config, after), next).logits, 1e-4, 'logits after a step');
      } finally {
        engine.destroy();
      }
    });
  }
});
