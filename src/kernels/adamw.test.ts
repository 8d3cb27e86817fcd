import { describe, expect, it } from 'vitest';
import { testContext, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { Usage } from '../gpu/buffers';
import { readFloat32 } from '../gpu/readback';
import { buildLayout } from '../model/layout';
import type { RunModelConfig } from '../model/methodTensors';
import { adamwStep, createAdamWState } from '../reference/adamw';
import { learningRateAt, type OptimizerOptions } from '../model/schedule';
import { adamwHyperparameters, CLIP_FLOATS, createAdamW, DECAY_BIT, HYPER_WORDS, TRAINABLE_BIT } from './adamw';

const config: RunModelConfig = {
  vocabSize: 37, dModel: 24, nLayers: 2, nHeads: 3, dFF: 40, maxLen: 16, tieEmbeddings: false, ropeTheta: 10000,
  ropeMode: '1d', normEps: 1e-5, methodTensors: { registerRows: 1, outputHeads: 1 },
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
      const partial = b.create('partial', k.partialFloats * 4), clip = b.create('clip', CLIP_FLOATS * 4);
      const loss = b.upload('loss', new Float32Array([1.5]));
      const hyper = b.create('hyper', HYPER_WORDS * 4, Usage.uniform);
      const dispatches = k.bind({ hyper, params: paramsBuf, grads: gradsBuf, m: mBuf, v: vBuf, mask: maskBuf, partial, clip, loss });

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
            expect((await readFloat32(ctx, clip, 2, 1))[0]).toBe(0); // every step finite
      for (const buf of [paramsBuf, gradsBuf, mBuf, vBuf, maskBuf, partial, clip, loss, hyper]) b.destroy(buf);
    });
  }

  it('flags the first step whose loss or gradient norm is not finite, and keeps it', async () => {
    const ctx = await testContext();
    const P = 256, options: OptimizerOptions = { lr: 0.01, warmupSteps: 0, totalSteps: 9, schedule: 'constant', minLrRatio: 1, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0, maxGradNorm: 1 };
    const k = await createAdamW(ctx, P);
    const b = ctx.buffers;
    const bufs = {
      params: b.upload('params', randomFloats(P)), grads: b.create('grads', P * 4), m: b.create('m', P * 4), v: b.create('v', P * 4),
      mask: b.upload('mask', new Uint32Array(P).fill(TRAINABLE_BIT)), partial: b.create('partial', k.partialFloats * 4),
      clip: b.create('clip', CLIP_FLOATS * 4), loss: b.create('loss', 4), hyper: b.create('hyper', HYPER_WORDS * 4, Usage.uniform),
    };
    const dispatches = k.bind(bufs);
    const step = async (t: number, loss: number, grad: number) => {
      b.write(bufs.loss, new Float32Array([loss]));
      b.write(bufs.grads, new Float32Array(P).fill(grad));
      b.write(bufs.hyper, adamwHyperparameters(options, options.lr, t));
      const rec = new Recorder(ctx);
      for (const d of dispatches) rec.dispatch(d);
      rec.submit();
      return (await readFloat32(ctx, bufs.clip, 2, 1))[0];
    };
    expect(await step(1, 2, 0.1)).toBe(0);
    expect(await step(2, Infinity, 0.1)).toBe(2); // the loss alone
    expect(await step(3, 2, NaN)).toBe(2); // sticky: the first bad step stays
    b.write(bufs.clip, new Float32Array(CLIP_FLOATS));
    expect(await step(4, 2, 0.1)).toBe(0);
    expect(await step(5, 2, NaN)).toBe(5); // the gradient norm alone
    for (const buf of Object.values(bufs)) b.destroy(buf);
  });
});
