// DeepSeek-V3 MTP beyond the registry's end-to-end test (src/methods/registry.test.ts): what each module is trained
// to predict, that no module sees its own target (float64 reference), and λ = 0 is NTP on the GPU.
import { describe, expect, it } from 'vitest';
import { testContext } from '../../gpu/testing';
import type { ModelConfig } from '../../model/config';
import { buildLayout } from '../../model/layout';
import { defaultOptimizerOptions } from '../../model/schedule';
import { TrainingEngine } from '../../engine/trainingEngine';
import { randomTestParams } from '../../reference/fixtures';
import { referenceForward } from '../../reference/model';
import { createTask } from '../../tasks';
import { tokenString, VOCAB_SIZE } from '../../tasks/tokenizer';
import type { LogitsModel } from '../../model/logitsModel';
import { packBatch } from '../../mutor/packBatch';
import { horizonSample } from '../../train/evaluate';
import { presetById } from '../../experiment/presets';
import { scratchModel } from '../../train/baseModel';
import { TrainingRun } from '../../train/run';
import { createRng } from '../../util/random';
import { buildBatch } from '../layout';
import { modelConfigFor } from '../params';
import { methodConfig, methodOf } from '../registry';

const base: ModelConfig = {
  vocabSize: VOCAB_SIZE, dModel: 12, nLayers: 2, nHeads: 3, dFF: 10, maxLen: 40, tieEmbeddings: true, ropeTheta: 10000,
  ropeMode: '1d', normEps: 1e-5,
};
const examples = createTask('reversal', { minLength: 2, maxLength: 6, alphabetSize: 10 }).generate(createRng(3), 3);

describe('DeepSeek-V3 MTP', () => {
  it('module k at token i predicts token i + k + 1, every answer token, each module its own loss group', () => {
    const method = methodConfig('deepseekMtp', { mtpDepth: 3, mtpWeight: 0.6 });
    const e = examples[0], Q = e.prompt.length, regular = [...e.prompt, ...e.answer];
    const layout = methodOf('deepseekMtp').layout(e, method, 0, VOCAB_SIZE);
    expect(layout.heads).toHaveLength(4);
    layout.heads.forEach((head, k) => {
      const targeted = head.targets.flatMap((_, i) => (head.weights[i] > 0 ? [i] : []));
      expect(targeted.map((i) => head.targets[i])).toEqual(targeted.map((i) => regular[i + k + 1]));
      expect(targeted.map((i) => i + k + 1)).toEqual(Array.from({ length: e.answer.length }, (_, j) => Q + j).filter((t) => t - k - 1 >= 0));
      expect(targeted.every((i) => head.groups[i] === k)).toBe(true);
    });
    expect(methodOf('deepseekMtp').groupCoefficients(method)).toEqual([1 - 0.6, 0.6 / 3, 0.6 / 3, 0.6 / 3]);
  });

  it('the horizons sample shows what each module predicts at every answer position, ranked by its own logits', async () => {
    const method = methodConfig('deepseekMtp', { mtpDepth: 2 });
    const config = modelConfigFor(base, method);
    const params = randomTestParams(config, 7);
    const model: LogitsModel = { config, maxBatch: 1, maxT: config.maxLen, logits: async (b) => Float32Array.from(referenceForward(config, params, b).logits) };
    const e = examples[1], T = 30;
    const sample = await horizonSample(model, e, method, 1, T);
    const layout = methodOf('deepseekMtp').layout(e, method, 0, VOCAB_SIZE);
    const { logits } = referenceForward(config, params, packBatch([layout], [0.7, 0.15, 0.15], config, T));
    const V = config.vocabSize;
    expect(sample.registers.map((r) => r.offset)).toEqual([1, 2].flatMap((k) => layout.heads[k].weights.filter((w) => w > 0).map(() => k + 1)));
    for (const r of sample.registers) {
      expect(r.targetToken).toBe(sample.tokens[r.targetIndex]);
      const row = logits.subarray(((r.offset - 1) * T + r.index) * V, ((r.offset - 1) * T + r.index + 1) * V);
      expect(r.topk[0].token).toBe(tokenString(row.indexOf(Math.max(...row))));
    }
  });

  it('rejects a depth or weight out of bounds with the knob named', () => {
    expect(() => methodConfig('deepseekMtp', { mtpDepth: 0 })).toThrow('method: mtpDepth must be an integer >= 1, got 0');
    expect(() => methodConfig('deepseekMtp', { mtpDepth: 4 })).toThrow('method: mtpDepth must be at most 3 (MTP modules), got 4');
    expect(() => methodConfig('deepseekMtp', { mtpWeight: 1.5 })).toThrow('method: mtpWeight must be in [0, 1], got 1.5');
  });

  it('no module sees its target: changing every input from the target on leaves its logits unchanged (float64)', () => {
    const method = methodConfig('deepseekMtp', { mtpDepth: 2 });
    const config = modelConfigFor(base, method);
    const batch = buildBatch(examples, method, config, createRng(4));
    const params = randomTestParams(config, 5);
    const { logits } = referenceForward(config, params, batch);
    const N = batch.B * batch.T, V = config.vocabSize;
    let checked = 0;
    for (let k = 1; k <= 2; k++) {
      for (let n = 0; n < N; n++) {
        if (batch.weights[k * N + n] === 0) continue;
        const b = Math.floor(n / batch.T), i = n % batch.T, target = i + k + 1;
        const changed = { ...batch, inputIds: Int32Array.from(batch.inputIds) };
        for (let t = target; t < batch.T; t++) changed.inputIds[b * batch.T + t] = (changed.inputIds[b * batch.T + t] + 7) % V;
        const again = referenceForward(config, params, changed).logits;
        const row = (k * N + n) * V;
        expect(again.subarray(row, row + V)).toEqual(logits.subarray(row, row + V));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('trains through the trainer\'s path; its auxiliary loss is the mean of the modules\' losses', { timeout: 300_000 }, async () => {
    const exp = { ...structuredClone(presetById('tiny')!.config), runs: ['deepseekMtp' as const], steps: 4 };
    exp.method = { ...exp.method, mtpDepth: 2, mtpWeight: 0.4 };
    const run = await TrainingRun.create(await testContext(), exp, 'deepseekMtp', scratchModel(exp.seed));
    try {
      const points = [];
      for (let s = 0; s < 4; s++) points.push((await run.trainStep(true))!);
      for (const p of points) {
        // L = (1 - λ)·CE_ntp + λ/D·Σ_k CE_k = (1 - λ)·CE_ntp + λ·aux
        expect(p.auxLoss).not.toBeNull();
        expect(0.6 * p.ntpLoss + 0.4 * p.auxLoss!).toBeCloseTo(p.loss, 5);
      }
    } finally {
      run.destroy();
    }
  });

  it('with λ = 0 the base tensors get NTP\'s gradients (to float32 noise) and the modules exactly 0', { timeout: 300_000 }, async () => {
    const ctx = await testContext();
    const method = methodConfig('deepseekMtp', { mtpDepth: 2, mtpWeight: 0 }), ntp = methodConfig('ntp');
    const config = modelConfigFor(base, method), ntpConfig = modelConfigFor(base, ntp);
    const batch = buildBatch(examples, method, config, createRng(4)), ntpBatch = buildBatch(examples, ntp, ntpConfig, createRng(4));
    const layout = buildLayout(config), ntpLayout = buildLayout(ntpConfig);
    const params = Float32Array.from(randomTestParams(config, 6));
    const ntpParams = new Float32Array(ntpLayout.totalSize);
    for (const t of ntpLayout.tensors) ntpParams.set(params.subarray(layout.byName.get(t.name)!.offset, layout.byName.get(t.name)!.offset + t.size), t.offset);
    const gradients = async (c: typeof config, p: Float32Array, b: typeof batch) => {
      const engine = await TrainingEngine.create(ctx, c, { B: b.B, T: b.T, optimizer: defaultOptimizerOptions });
      try {
        engine.setParameters(p);
        return { loss: (await engine.gradients(b)).total, grads: await engine.readGradients() };
      } finally {
        engine.destroy();
      }
    };
    const mtp = await gradients(config, params, batch), plain = await gradients(ntpConfig, ntpParams, ntpBatch);
    expect(Math.abs(mtp.loss - plain.loss)).toBeLessThanOrEqual(1e-6 * plain.loss);
    for (const t of layout.tensors) {
      const got = mtp.grads.subarray(t.offset, t.offset + t.size);
      if (t.ofMethod) {
        expect(got.every((g) => g === 0), t.name).toBe(true);
        continue;
      }
      const s = ntpLayout.byName.get(t.name)!, want = plain.grads.subarray(s.offset, s.offset + s.size);
      const scale = Math.max(...want.map(Math.abs));
      expect(scale, t.name).toBeGreaterThan(0);
      const diff = Math.max(...got.map((g, i) => Math.abs(g - want[i])));
      expect(diff / scale, t.name).toBeLessThan(1e-5);
    }
  });
});
