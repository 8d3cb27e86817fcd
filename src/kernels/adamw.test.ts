import { describe, it } from 'vitest';
import { testContext, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { Usage } from '../gpu/buffers';
import { readFloat32 } from '../gpu/readback';
import { buildLayout } from '../model/layout';
import type { ModelConfig } from '../model/config';
import { adamwStep, createAdamWState } from '../reference/adamw';
import { learningRateAt, type OptimizerOptions } from '../train/schedule';
import { adamwHyperparameters, createAdamW, DECAY_BIT, HYPER_WORDS, TRAINABLE_BIT } from './adamw';

const config: ModelConfig = {
  vocabSize: 37, dModel: 24, nLayers: 2, nHeads: 3, dFF: 40, maxLen: 16, tieEmbeddings: false, ropeTheta: 10000,
  ropeMode: '1d', normEps: 1e-5, nRegisterEmbeddings: 1, nExtraHeads: 0,
};

describe('AdamW with GPU gradient clipping', () => {
  for (const maxGradNorm of [0.5, 0]) {
    it(`matches the float64 optimizer over three steps (maxGradNorm ${maxGradNorm}, frozen and no-decay tensors)`, async () => {
      const ctx = await testContext();
      const layout = buildLayout(config), P = layout.totalSize;
      const options: OptimizerOptions = {
        lr: 0.01, warmupSteps: 2, totalSteps: 5, schedule: 'cosine', minLrRatio: 0.1,
        beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.3, maxGradNorm,
      };
      const trainable = (name: string) => !name.startsWith('layers.1.');
      const mask = new Uint32Array(P);
      for (const t of layout.tensors) mask.fill((trainable(t.name) ? TRAINABLE_BIT : 0) | (t.decay ? DECAY_BIT : 0), t.offset, t.offset + t.size);

      const params0 = randomFloats(P);
      const k = await createAdamW(ctx, P);
      const b = ctx.buffers;
      const paramsBuf = b.upload('params', params0), gradsBuf = b.create('grads', P * 4);
      const mBuf = b.create('m', P * 4), vBuf = b.create('v', P * 4), maskBuf = b.upload('mask', mask);
      const partial = b.create('partial', k.partialFloats * 4), clip = b.create('clip', 8);
      const hyper = b.create('hyper', HYPER_WORDS * 4, Usage.uniform);
      const dispatches = k.bind({ hyper, params: paramsBuf, grads: gradsBuf, m: mBuf, v: vBuf, mask: maskBuf, partial, clip });

      const ref = Float64Array.from(params0), state = createAdamWState(P);
      for (let step = 0; step < 3; step++) {
        const grads = randomFloats(P, 0.2);
        b.write(gradsBuf, grads);
        b.write(hyper, adamwHyperparameters(options, learningRateAt(step, options), step + 1));
        const rec = new Recorder(ctx);
        for (const d of dispatches) rec.dispatch(d);
        rec.submit();
        const report = adamwStep(layout, ref, Float64Array.from(grads), state, options, trainable);
        const [scale, norm] = await readFloat32(ctx, clip, 0, 2);
        expectClose([scale, norm], [report.clipScale, report.gradNorm], 1e-5, `clip step ${step}`);
      }
      expectClose(await readFloat32(ctx, paramsBuf, 0, P), ref, 1e-5, 'params');
      expectClose(await readFloat32(ctx, mBuf, 0, P), state.m, 1e-5, 'm');
      expectClose(await readFloat32(ctx, vBuf, 0, P), state.v, 1e-5, 'v');
      for (const buf of [paramsBuf, gradsBuf, mBuf, vBuf, maskBuf, partial, clip, hyper]) b.destroy(buf);
    });
  }
});
