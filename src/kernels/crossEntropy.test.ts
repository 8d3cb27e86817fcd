import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer, randomFloats, expectClose } from '../gpu/testing';
import { Recorder } from '../gpu/recorder';
import { readFloat32 } from '../gpu/readback';
import type { Batch } from '../model/batch';
import { crossEntropyBackward, crossEntropyForward } from '../reference/loss';
import { createCrossEntropy, lossParameters, reportFloats } from './crossEntropy';

const V = 37, G = 5;
const coefs = [0.7, 0.3, 0.5, 0.9];

/** Rows as a reference Batch with B = 1, T = rows / H: random targets (some -1), weights (some 0), groups 0..2. */
function lossRows(rows: number, H: number): Batch {
  const targets = new Int32Array(rows), weights = new Float32Array(rows), lossGroups = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    targets[r] = Math.random() < 0.15 ? -1 : Math.floor(Math.random() * V);
    weights[r] = Math.random() < 0.15 ? 0 : 0.5 + Math.random();
    lossGroups[r] = Math.floor(Math.random() * 3);
  }
  const N = rows / H;
  return {
    B: 1, T: N, inputIds: new Int32Array(N), positions: new Int32Array(N), kinds: new Uint32Array(N), promptLen: new Uint32Array(1),
    targets, weights, lossGroups, groupCoefficients: coefs,
  };
}

async function runLoss(micro: Batch[], logitsIn: Float32Array<ArrayBuffer>[], gradient: boolean) {
  const ctx = await testContext();
  const ROWS = micro[0].targets.length;
  const k = await createCrossEntropy(ctx, { ROWS, V, G });
  const b = ctx.buffers;
  const params = b.upload('lossParams', lossParameters(micro, G));
  const sums = b.create('sums', 2 * G * 4), report = b.create('report', reportFloats(G) * 4);
  poisonBuffer(ctx, sums);
  poisonBuffer(ctx, report);
  const rec = new Recorder(ctx);
  const outs: GPUBuffer[] = [], temp: GPUBuffer[] = [params, sums, report];
  micro.forEach((m, i) => {
    const logits = b.upload('logits', logitsIn[i]), rowLoss = b.create('rowLoss', ROWS * 4);
    poisonBuffer(ctx, rowLoss);
    const t = b.upload('targets', Int32Array.from(m.targets)), w = b.upload('weights', Float32Array.from(m.weights)), g = b.upload('groups', Uint32Array.from(m.lossGroups));
    for (const d of [...k.bindForward(logits, t, w, g, params, rowLoss, gradient), ...k.bindReduce(sums, t, w, g, params, rowLoss, report, i > 0)]) rec.dispatch(d);
    outs.push(logits);
    temp.push(logits, rowLoss, t, w, g);
  });
  rec.submit();
  const dlogits = await Promise.all(outs.map((o) => readFloat32(ctx, o, 0, ROWS * V)));
  const rep = await readFloat32(ctx, report, 0, reportFloats(G));
  for (const buf of temp) b.destroy(buf);
  return { dlogits, rep };
}

function expectReport(rep: Float32Array, want: { total: number; groupMeans: number[]; groupWeights: number[] }) {
  const wantFull = [want.total, ...want.groupMeans, 0, ...want.groupWeights, 0];
  expectClose(rep, wantFull, 1e-5, 'report');
}

describe('cross-entropy with weights and loss groups', () => {
  it('fuses the loss and its gradient over two heads, and reduces group means on the GPU', async () => {
    const H = 2, ROWS = H * 29;
    const batch = lossRows(ROWS, H);
    const logits = randomFloats(ROWS * V, 8);
    const { dlogits, rep } = await runLoss([batch], [logits], true);
    const l64 = Float64Array.from(logits);
    const want = crossEntropyForward(l64, batch, V, H);
    expectReport(rep, want);
    expectClose(dlogits[0], crossEntropyBackward(l64, batch, V, H, want), 1e-5, 'dlogits');
  });

  it('adds micro-batches up to the loss and gradient of their union; the loss-only variant keeps the logits', async () => {
    const N = 23;
    const parts = [lossRows(N, 1), lossRows(N, 1)];
    const logits = [randomFloats(N * V, 5), randomFloats(N * V, 5)];
    const { dlogits, rep } = await runLoss(parts, logits, true);
    const cat = <T extends Int32Array | Float32Array | Uint32Array>(a: T, b: T) => { const c = new (a.constructor as new (n: number) => T)(a.length + b.length); c.set(a); c.set(b, a.length); return c; };
    const union: Batch = { ...lossRows(2 * N, 1), targets: cat(parts[0].targets, parts[1].targets), weights: cat(parts[0].weights, parts[1].weights), lossGroups: cat(parts[0].lossGroups, parts[1].lossGroups) };
    const l64 = Float64Array.from([...logits[0], ...logits[1]]);
    const want = crossEntropyForward(l64, union, V, 1);
    expectReport(rep, want);
    expectClose([...dlogits[0], ...dlogits[1]], crossEntropyBackward(l64, union, V, 1, want), 1e-5, 'dlogits');

    const lossOnly = await runLoss([parts[0]], [logits[0]], false);
    expect([...lossOnly.dlogits[0]]).toEqual([...logits[0]]);
    expectReport(lossOnly.rep, crossEntropyForward(Float64Array.from(logits[0]), parts[0], V, 1));
  });

  it('rejects groups without a coefficient and micro-batches with different coefficients', () => {
    const a = lossRows(4, 1);
    a.targets.fill(1); a.weights.fill(1); a.lossGroups[0] = 4;
    expect(() => lossParameters([a], G)).toThrow(/no coefficient/);
    const b = lossRows(4, 1);
    expect(() => lossParameters([b, { ...b, groupCoefficients: [1] }], G)).toThrow(/share/);
  });
});
