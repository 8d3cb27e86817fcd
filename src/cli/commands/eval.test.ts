import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../model/config';
import { buildLayout } from '../../model/layout';
import { buildBatch } from '../../methods/layout';
import { methodConfig } from '../../methods/registry';
import { exportOnnx } from '../../onnx/export';
import { onnxTestConfig, randomParams } from '../../onnx/testing';
import { adamwStep, createAdamWState } from '../../reference/adamw';
import { initParameters } from '../../reference/init';
import { referenceBackward, referenceForward } from '../../reference/model';
import { toFloat64 } from '../../reference/params';
import { makeSplits, tasks } from '../../tasks';
import { evaluate } from '../../train/evaluate';
import type { LogitsModel } from '../../model/logitsModel';
import { defaultOptimizerOptions } from '../../model/schedule';
import { createRng } from '../../util/random';
import { UsageError } from '../args';
import { evalOnnxModel, parseKnobs, readModelFile } from './eval';

// A small model over the playground's 64-token vocabulary, long enough for a small star graph, trained for a few
// float64 NTP steps on the train split so that its scores are not trivially 0.
const config: ModelConfig = onnxTestConfig({ vocabSize: 64, maxLen: 48, tieEmbeddings: false });
const knobs = { degree: 2, pathLength: 3, nodePool: 10 };

function trainedParams(steps: number): Float32Array {
  const { train } = makeSplits(tasks.starGraph, knobs, 5, 64, 20);
  const layout = buildLayout(config), ntp = methodConfig('ntp'), rng = createRng(1);
  const p = toFloat64(initParameters(config, 1)), state = createAdamWState(layout.totalSize);
  const options = { ...defaultOptimizerOptions, lr: 1e-2, schedule: 'constant' as const, warmupSteps: 0, totalSteps: steps };
  for (let s = 0; s < steps; s++) {
    const batch = buildBatch(Array.from({ length: 8 }, () => train[rng.int(train.length)]), ntp, config, rng);
    const { cache } = referenceForward(config, p, batch);
    adamwStep(layout, p, referenceBackward(config, p, batch, cache).grads, state, options);
  }
  return Float32Array.from(p);
}

const params = trainedParams(30);

/** The float64 reference model as a LogitsModel, the oracle `mutor eval`'s onnxruntime scores are compared with. */
function referenceModel(p: Float32Array): LogitsModel {
  const p64 = toFloat64(p);
  return { config, maxBatch: 4, maxT: config.maxLen, logits: async (batch) => Float32Array.from(referenceForward(config, p64, batch).logits) };
}
const bytes = exportOnnx(config, params);

describe('mutor eval', () => {
  it('parses --knobs', () => {
    expect(parseKnobs(undefined)).toEqual({});
    expect(parseKnobs('')).toEqual({});
    expect(parseKnobs('degree=2, pathLength=3,')).toEqual({ degree: 2, pathLength: 3 });
    expect(() => parseKnobs('degree=2.5')).toThrow(UsageError);
    expect(() => parseKnobs('degree')).toThrow("--knobs: 'degree' is not name=integer");
    expect(() => parseKnobs('degree=2,degree=3')).toThrow('--knobs: degree is given twice');
  });

  it('scores the held-out split exactly as evaluate() does with the float64 reference', async () => {
    const report = await evalOnnxModel(bytes, 'model.onnx', { task: 'star-graph', knobs, n: 12, seed: 5 });
    expect(report).toMatchObject({ model: 'model.onnx', task: 'starGraph', knobs, n: 12, seed: 5 });
    expect(report.examples).toHaveLength(10);
    console.info(`eval of a 30-step model: exact match ${report.testAccuracy}, next-token ${report.nextTokenAccuracy.toFixed(3)}`);

    // The same examples as a training run with data seed 5 holds out, scored through the reference model.
    const { task, test } = makeSplits(tasks.starGraph, knobs, 5, 50, 20);
    const reference = referenceModel(params);
    const T = Math.max(...test.map((e) => e.prompt.length + e.answer.length));
    const want = await evaluate(reference, task, test.slice(0, 12), methodConfig('ntp'), 0, T);
    expect(report.testAccuracy).toBe(want.point.testAccuracy);
    expect(report.nextTokenAccuracy).toBe(want.point.nextTokenAccuracy);
    expect(report.nextTokenAccuracy).toBeGreaterThan(0.2); // 30 steps learn the commas and the start node at least
    expect(report.examples).toEqual(
      want.generations.slice(0, 10).map((g) => ({ prompt: g.promptText, output: g.outputText, truth: g.truthText, correct: g.correct })),
    );
    expect(report.examples.map((e) => e.prompt)).toEqual(test.slice(0, 10).map((e) => e.promptText));
    expect(report.examples.every((e) => e.correct === (e.output === e.truth))).toBe(true);
  });

  it('--method teacherless answers in one forward pass, as evaluate() does for a teacherless run; star graphs get the Clever Hans diagnostics', async () => {
    // Random weights: the trained model above answers EOS at once either way, which would not tell the methods apart.
    const random = randomParams(config, 3);
    const report = await evalOnnxModel(exportOnnx(config, random), 'model.onnx', { task: 'starGraph', knobs, n: 8, seed: 5, method: 'teacherless' });
    const { task, test } = makeSplits(tasks.starGraph, knobs, 5, 50, 20);
    const reference = referenceModel(random);
    const T = Math.max(...test.map((e) => e.prompt.length + e.answer.length));
    const want = await evaluate(reference, task, test.slice(0, 8), methodConfig('teacherless'), 0, T);
    const ntp = await evaluate(reference, task, test.slice(0, 8), methodConfig('ntp'), 0, T);
    expect(report.method).toBe('teacherless');
    expect(report.nextTokenAccuracy).toBe(want.point.nextTokenAccuracy);
    // The model decodes differently with dummies in place of its own tokens: the test would see eval ignore --method.
    expect(want.generations.map((g) => g.outputText)).not.toEqual(ntp.generations.map((g) => g.outputText));
    expect(report.examples.map((e) => e.output)).toEqual(want.generations.map((g) => g.outputText));
    expect(report.answerDiagnostics).toEqual(want.point.answerDiagnostics);
    expect(report.answerDiagnostics?.nextTokenCeiling).toBeCloseTo((3 + 1 / 2) / 4, 10); // path length 3: A = 4 tokens
  });

  it('refuses with one line: bad files, NaN weights, wrong vocabulary, sequences past maxLen, unknown tasks and knobs', async () => {
    const run = (b: Uint8Array, o: Partial<Parameters<typeof evalOnnxModel>[2]> = {}) =>
      evalOnnxModel(b, 'm.onnx', { task: 'starGraph', knobs, n: 4, seed: 1, ...o });
    expect(() => readModelFile('/nonexistent/m.onnx')).toThrow('cannot read model /nonexistent/m.onnx: no such file');
    await expect(run(new Uint8Array([1, 2, 3]))).rejects.toThrow(/^onnx import: not an ONNX model: [^\n]+$/);
    await expect(run(bytes.subarray(0, bytes.length >> 1))).rejects.toThrow(/^onnx import: [^\n]+$/);
    const small = onnxTestConfig(); // 37 tokens
    await expect(run(exportOnnx(small, randomParams(small, 1)))).rejects.toThrow("m.onnx has a vocabulary of 37 tokens; the playground's tasks use 64");
    await expect(run(bytes, { knobs: { degree: 3, pathLength: 6, nodePool: 20 } })).rejects.toThrow(/^starGraph with these knobs needs \d+ tokens per sequence but m.onnx has maxLen 48$/);
    await expect(run(bytes, { task: 'chess' })).rejects.toThrow(/^unknown task 'chess' \(tasks: starGraph/);
    await expect(run(bytes, { knobs: { degree: 1 } })).rejects.toThrow(UsageError);
    const nan = Float32Array.from(params);
    nan[buildLayout(config).byName.get('layers.0.wq')!.offset] = NaN;
    await expect(run(exportOnnx(config, nan))).rejects.toThrow('onnx import: tensor layers.0.wq holds NaN at index 0: the weights must be finite');
  });
});
