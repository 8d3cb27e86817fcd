// Every method of the registry, through the whole path a run takes: layout, the float64 reference's gradients against
// finite differences, one engine training step against the reference, ONNX export, and decoding as the method's
// model answers. A new method gets all of this by its registry line. Odd sizes: V 64 (the tasks' vocabulary),
// C 12, 3 heads, F 10, 2 layers, B 3 reversal examples of different lengths (so pads), a = 0.4, dMax 3, two MTP
// modules at λ = 0.4. Each method runs twice: fully fine-tuned, and through LoRA adapters (rank 2 on every
// projection, the base frozen), whose export merges the adapters into the base weights.
import { describe, expect, it } from 'vitest';
import { expectClose, testContext } from '../gpu/testing';
import { TokenKind } from '../model/batch';
import { type ModelConfig } from '../model/config';
import { buildLayout } from '../model/layout';
import type { LoraConfig } from '../model/lora';
import { mergeAdapters } from '../model/loraMerge';
import type { RunModelConfig } from '../model/methodTensors';
import { exportOnnx } from '../onnx/export';
import { createOrtModel } from '../onnx/ortModel';
import { adamwStep, createAdamWState } from '../reference/adamw';
import { randomTestParams } from '../reference/fixtures';
import { gradientMismatches } from '../reference/finiteDifferences';
import { referenceBackward, referenceForward } from '../reference/model';
import { expectTensorsClose, withoutFrozen } from '../reference/params';
import { createTask } from '../tasks';
import { EOS, VOCAB_SIZE } from '../tasks/tokenizer';
import { TrainingEngine } from '../engine/trainingEngine';
import { generateFor, greedy } from '../train/generate';
import { positionOf } from '../mutor/sequence';
import type { LogitsModel } from '../model/logitsModel';
import { defaultOptimizerOptions } from '../model/schedule';
import { createRng } from '../util/random';
import { buildBatch } from './layout';
import { modelConfigFor } from './params';
import { isMethodKind, METHOD_KINDS, methodConfig, methodOf, parseMethods } from './registry';

const base: ModelConfig = {
  vocabSize: VOCAB_SIZE, dModel: 12, nLayers: 2, nHeads: 3, dFF: 10, maxLen: 40, tieEmbeddings: false, ropeTheta: 10000,
  ropeMode: '1d', normEps: 1e-5,
};
const textExamples = createTask('reversal', { minLength: 2, maxLength: 6, alphabetSize: 10 }).generate(createRng(3), 3);
// Methods for images only (MuToR-2D) run on 3×4 images of random gray levels with a 2D RoPE model.
const grid = { h: 3, w: 4, levels: 8 };
const imageRng = createRng(6);
const imageExamples = [20, 21, 22].map((label) => ({ prompt: [1, label], answer: Array.from({ length: 12 }, () => 4 + imageRng.int(8)), grid }));

describe('the registry', () => {
  it('lists every method once, each with a label, colors and a description', () => {
    expect(new Set(METHOD_KINDS).size).toBe(METHOD_KINDS.length);
    for (const kind of METHOD_KINDS) {
      const m = methodOf(kind);
      expect(isMethodKind(kind)).toBe(true);
      expect([m.label, m.pageColor, m.plotColor, m.description].every((s) => s.length > 0)).toBe(true);
    }
    expect(isMethodKind('bogus')).toBe(false);
    expect(isMethodKind('toString')).toBe(false);
  });

  it('parses method lists, without repeats, and rejects unknown methods', () => {
    expect(parseMethods('ntp,mutor')).toEqual(['ntp', 'mutor']);
    expect(() => parseMethods('ntp,mutor,ntp')).toThrow("method 'ntp' is given more than once");
    expect(() => parseMethods('ntp,bogus')).toThrow(/bogus/);
    expect(() => parseMethods(' , ')).toThrow(/no methods/);
  });
});

const lora: LoraConfig = { rank: 2, alpha: 3, mlp: true };
const cases = METHOD_KINDS.flatMap((kind) => [[kind, ''], [kind, ' with LoRA']] as const);

describe.each(cases)('method %s%s', { timeout: 300_000 }, (kind, withLora) => {
  const method = methodConfig(kind, { dMax: 3, dMin: 1, alpha: 0.4, mtpDepth: 2, mtpWeight: 0.4 });
  const images = methodOf(kind).gridOnly === true;
  const examples = images ? imageExamples : textExamples;
  const runBase: ModelConfig = images ? { ...base, ropeMode: '2d', dModel: 16, nHeads: 2 } : base;
  const config: RunModelConfig = { ...modelConfigFor(runBase, method), ...(withLora && { lora }) };
  const batch = buildBatch(examples, method, config, createRng(4));
  const p64 = randomTestParams(config, 5);

  it('lays out every example with its regular tokens at positions 0..N-1 (an image\'s at their cells) and coefficients for every loss group', () => {
    const coefficients = methodOf(kind).groupCoefficients(method);
    expect(batch.groupCoefficients).toEqual(coefficients);
    const P = images ? 2 : 1;
    examples.forEach((e, b) => {
      const row = Array.from({ length: batch.T }, (_, t) => b * batch.T + t);
      const regular = row.filter((n) => batch.kinds[n] === TokenKind.prompt || batch.kinds[n] === TokenKind.answer);
      const want = Array.from({ length: e.prompt.length + e.answer.length }, (_, t) => (images ? positionOf(t, e.prompt.length, grid) : [t]));
      expect(regular.map((n) => [...batch.positions.subarray(n * P, (n + 1) * P)])).toEqual(want);
    });
    for (let j = 0; j < batch.lossGroups.length; j++) if (batch.weights[j] > 0) expect(batch.lossGroups[j]).toBeLessThan(coefficients.length);
  });

  it('the float64 reference gradients match central differences in every tensor', () => {
    const { cache } = referenceForward(config, p64, batch);
    const { grads } = referenceBackward(config, p64, batch, cache);
    for (const t of buildLayout(config).tensors) expect(gradientMismatches(config, p64, batch, grads, t, 2)).toEqual([]);
  });

  it('one engine training step matches the float64 reference: loss, every gradient, the updated parameters', async () => {
    const ctx = await testContext();
    const options = { ...defaultOptimizerOptions, lr: 3e-3, warmupSteps: 0, weightDecay: 0.1 };
    const engine = await TrainingEngine.create(ctx, config, { B: batch.B, T: batch.T, optimizer: options });
    try {
      const p32 = Float32Array.from(p64), ref64 = Float64Array.from(p32);
      engine.setParameters(p32);
      const { cache } = referenceForward(config, ref64, batch);
      const { loss, grads } = referenceBackward(config, ref64, batch, cache);
      const got = await engine.gradients(batch);
      const layout = buildLayout(config);
      expectClose([got.total, ...got.groupMeans], [loss.total, ...loss.groupMeans], 1e-4, 'loss');
      // With LoRA the base tensors are frozen: the engine has no gradient for them (reads back 0).
      expectTensorsClose(layout, await engine.readGradients(), withoutFrozen(layout, grads), 1e-3, 'gradient');

      engine.setParameters(p32);
      await engine.step(batch);
      adamwStep(layout, ref64, grads, createAdamWState(layout.totalSize), options, (name) => !layout.byName.get(name)?.frozen);
      const after = await engine.getParameters();
      expectTensorsClose(layout, after, ref64, 1e-4, 'parameters');
      for (const t of layout.tensors.filter((t) => t.frozen)) expect(after.subarray(t.offset, t.offset + t.size)).toEqual(p32.subarray(t.offset, t.offset + t.size));
    } finally {
      engine.destroy();
    }
  });

  it('exports the base model, which answers as the method decodes, the same as the float64 reference', async () => {
    const p32 = Float32Array.from(p64);
    const model = await createOrtModel(exportOnnx(config, p32), { preferWebGpu: false, numThreads: 1 });
    try {
      expect(model.config).toEqual(runBase);
      const reference: LogitsModel = {
        config: model.config, maxBatch: 2, maxT: config.maxLen,
        // The adapted model with its adapters merged into the base weights (the plain base model without LoRA).
        logits: async (b) => Float32Array.from(referenceForward(model.config, toBaseParams(config, model.config, mergeAdapters(config, p32)), b).logits),
      };
      const prompts = examples.map((e) => e.prompt);
      const on = images ? grid : undefined;
      const got = await generateFor(model, kind, prompts, 8, EOS, greedy, on);
      expect(got).toEqual(await generateFor(reference, kind, prompts, 8, EOS, greedy, on));
      expect(got.every((answer) => answer.length >= 1 && answer.length <= 8)).toBe(true);
    } finally {
      await model.release();
    }
  });
});

/** The base tensors of `params` (laid out for `config`) in the base config's layout, as float64. */
function toBaseParams(config: RunModelConfig, baseConfig: ModelConfig, params: Float32Array): Float64Array {
  const from = buildLayout(config), to = buildLayout(baseConfig), out = new Float64Array(to.totalSize);
  for (const t of to.tensors) {
    const s = from.byName.get(t.name)!;
    out.set(params.subarray(s.offset, s.offset + s.size), t.offset);
  }
  return out;
}
