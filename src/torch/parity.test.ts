// The exported PyTorch job computes what the playground computes: on step 0's batch (two micro-batches, read back
// from the job's shards by train.py) at the starting weights, PyTorch's loss equals the float64 reference's to 1e-5
// relative and every gradient to 1e-4 of its tensor's largest, for every method, with 1D and 2D positions; with LoRA
// (NTP and MuToR, attention-only and with the MLP) the base model's tensors get no gradient at all and the others
// (adapters, register rows) match, at the exported start (B = 0) and with every B made nonzero (so A's gradient and the
// adapters' forward are exercised too).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concatBatches } from '../engine/testing';
import { experimentFrom } from '../experiment/presets';
import type { ExperimentConfig } from '../experiment/schema';
import { METHOD_KINDS, methodOf } from '../methods/registry';
import { buildLayout, type ParameterLayout } from '../model/layout';
import { referenceBackward, referenceForward } from '../reference/model';
import { expectTensorsClose, toFloat64, withoutFrozen } from '../reference/params';
import { createRng } from '../util/random';
import { scratchModel } from '../train/baseModel';
import { torchRunSource } from './job';
import { exportToTemp, NO_TORCH, runPython, torchPython } from './testing';

const python = torchPython();
const tinyModel = { dModel: 16, nLayers: 2, nHeads: 2, dFF: 24 };

const starGraph = experimentFrom({
  task: { name: 'starGraph', knobs: { degree: 2, pathLength: 4, nodePool: 10 } },
  data: { trainSize: 24, testSize: 4 },
  model: { id: 'scratch', scratch: { ...tinyModel, maxLen: 64 } },
  runs: METHOD_KINDS.filter((k) => !methodOf(k).gridOnly),
  method: { dMax: 3, dMin: 1, alpha: 0.3, mtpDepth: 2, mtpWeight: 0.4 },
  optimizer: { batchSize: 3, gradAccumulation: 2 },
  steps: 2,
  evalSize: 4,
  seed: 5,
});

const images = experimentFrom({
  task: { name: 'fashionMnist', knobs: {} },
  data: { trainSize: 8, testSize: 2 },
  model: { id: 'scratch', scratch: { ...tinyModel, maxLen: 320 } },
  runs: ['ntp', 'mutor', 'mutor2d'],
  method: { dMax: 3, dMin: 1, alpha: 0.4, placement: 'fraction', placementFraction: 0.3 },
  optimizer: { batchSize: 2, gradAccumulation: 2 },
  steps: 1,
  evalSize: 2,
  seed: 3,
});

const loraExperiment = (mlp: boolean) => experimentFrom({
  ...starGraph,
  runs: ['ntp', 'mutor'],
  lora: { rank: mlp ? 3 : 2, alpha: mlp ? 4 : 3, mlp },
  seed: mlp ? 11 : 9,
});

/** A copy of `params` whose LoRA B tensors hold N(0, 0.3²) (seeded) instead of the exported 0. */
function withNonzeroB(layout: ParameterLayout, params: Float32Array, seed: number): Float32Array {
  const out = Float32Array.from(params), rng = createRng(seed);
  for (const t of layout.tensors) if (t.name.endsWith('.loraB')) for (let i = 0; i < t.size; i++) out[t.offset + i] = 0.3 * rng.normal();
  return out;
}

/** train.py's step-0 loss and gradients against the reference's on the same micro-batches and weights; `nonzeroB`:
 * the runs' init.bin rewritten with LoRA's B nonzero first. */
function checkParity(exp: ExperimentConfig, nonzeroB = false): void {
  const dir = exportToTemp(exp);
  try {
    const base = scratchModel(exp.seed, exp.model.scratch, exp.task.name);
    const sources = exp.runs.map((kind) => {
      const source = torchRunSource(exp, kind, base), layout = buildLayout(source.config);
      const params = nonzeroB ? withNonzeroB(layout, source.params, exp.seed) : source.params;
      if (nonzeroB) writeFileSync(join(dir, 'runs', kind, 'init.bin'), new Uint8Array(params.buffer));
      return { kind, ...source, layout, params };
    });
    runPython(python!, ['train.py', '--dump-gradients', 'grads'], dir);
    for (const { kind, config, stream, params, layout } of sources) {
      const batch = concatBatches(Array.from({ length: exp.optimizer.gradAccumulation }, () => stream.next()), config);
      const p64 = toFloat64(params);
      const { cache } = referenceForward(config, p64, batch);
      const { loss, grads } = referenceBackward(config, p64, batch, cache);
      const torch = JSON.parse(readFileSync(join(dir, 'grads', `${kind}.json`), 'utf8')) as { loss: number; groupMeans: number[]; gradients: string[] };
      const torchGrads = new Float64Array(readFileSync(join(dir, 'grads', `${kind}-grads.bin`)).buffer.slice(0));
      expect(Math.abs(torch.loss - loss.total) / loss.total, `${kind} loss ${torch.loss} vs ${loss.total}`).toBeLessThan(1e-5);
      torch.groupMeans.forEach((m, g) => expect(Math.abs(m - loss.groupMeans[g]), `${kind} group ${g}`).toBeLessThan(1e-5 * Math.max(1, loss.groupMeans[g])));
      // Exactly the tensors the engine trains have a gradient: with LoRA none of the base model's.
      expect(torch.gradients, `${kind}: tensors with a gradient`).toEqual(layout.tensors.filter((t) => !t.frozen).map((t) => t.name));
      expectTensorsClose(layout, torchGrads, withoutFrozen(layout, grads), 1e-4, `${kind} gradient`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!python)(`PyTorch job parity with the float64 reference${python ? '' : ` (${NO_TORCH})`}`, { timeout: 300_000 }, () => {
  it(`1D positions: ${starGraph.runs.join(', ')} (two micro-batches)`, () => checkParity(starGraph));
  it('2D positions (Fashion-MNIST): NTP, MuToR-1D and MuToR-2D with sparse registers', () => checkParity(images));
  it('LoRA on the attention projections: NTP and MuToR, at the exported start and with B nonzero', () => {
    checkParity(loraExperiment(false));
    checkParity(loraExperiment(false), true);
  });
  it('LoRA on the attention and MLP projections: NTP and MuToR, at the exported start and with B nonzero', () => {
    checkParity(loraExperiment(true));
    checkParity(loraExperiment(true), true);
  });
});
