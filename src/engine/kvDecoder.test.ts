import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectClose, testContext } from '../gpu/testing';
import { TokenKind, type Batch } from '../model/batch';
import { type ModelConfig } from '../model/config';
import { outputHeads } from '../model/methodTensors';
import { packBatch } from '../mutor/packBatch';
import { emptyHeads, positionOf } from '../mutor/sequence';
import type { Grid } from '../tasks/task';
import { randomTestParams } from '../reference/fixtures';
import { referenceForward } from '../reference/model';
import { EngineModel } from '../train/engineModel';
import { generate, greedy } from '../train/generate';
import type { LogitsModel } from '../model/logitsModel';
import { defaultOptimizerOptions } from '../model/schedule';
import { createRng, type Rng } from '../util/random';
import { engineTestConfig, type EngineTestOptions } from './testing';
import { TrainingEngine } from './trainingEngine';

const B = 4, T = 13;

/** A fresh seed per run: tests want new inputs every time. */
const freshRng = (): Rng => createRng(Math.floor(Math.random() * 2 ** 32));

async function engineFor(o: EngineTestOptions): Promise<{ engine: TrainingEngine; config: ModelConfig; params: Float32Array }> {
  const config = engineTestConfig(o);
  const engine = await TrainingEngine.create(await testContext(), config, { B, T, optimizer: defaultOptimizerOptions });
  const params = Float32Array.from(randomTestParams(config, Math.floor(Math.random() * 1e9)));
  engine.setParameters(params);
  return { engine, config, params };
}

/**
 * Prompt + answer sequences as inference lays them out (kind prompt, then answer; positions 0.., or on a grid the
 * prefix at [0, 0] and answer token j at its cell), padded to T.
 */
function sequenceBatch(config: ModelConfig, prompts: number[][], answers: number[][], grid?: Grid): Batch {
  const layouts = prompts.map((p, b) => {
    const ids = [...p, ...answers[b]];
    return {
      inputIds: ids, kinds: ids.map((_, i) => (i < p.length ? TokenKind.prompt : TokenKind.answer)), positions: ids.map((_, i) => positionOf(i, p.length, grid)),
      heads: emptyHeads(outputHeads(config), ids.length), registers: [], promptLen: p.length, d: 0,
    };
  });
  return packBatch(layouts, [1], config, T);
}

/** Rows `at[b]` of head 0's logits [B'*T, V] as [rows, V]. */
function rowsOf(logits: ArrayLike<number>, at: number[], V: number): Float64Array {
  const out = new Float64Array(at.length * V);
  at.forEach((t, b) => {
    for (let v = 0; v < V; v++) out[b * V + v] = logits[(b * T + t) * V + v];
  });
  return out;
}

const variants: [string, EngineTestOptions, Grid?][] = [
  ['tied, NTP', { tied: true, ropeMode: '1d', registers: 0, extraHeads: 0 }],
  ['untied, register rows and an extra head (both unused by decoding)', { tied: false, ropeMode: '1d', registers: 2, extraHeads: 1 }],
  ['2D RoPE, answers on a 3×4 grid (a register row unused)', { tied: true, ropeMode: '2d', registers: 1, extraHeads: 0 }, { h: 3, w: 4, levels: 8 }],
  ['LoRA adapters (rank 3, every projection, B not 0) beside frozen base tensors', { tied: true, ropeMode: '1d', registers: 1, extraHeads: 0, lora: { rank: 3, alpha: 5, mlp: true } }],
];

// Cold pipeline compiles on a loaded 2-core machine can take minutes: give each test room.
describe('KV decoder logits at every step equal the full forward of the same sequences', { timeout: 300_000 }, () => {
  for (const [name, o, grid] of variants) {
    it(name, async () => {
      const { engine, config, params } = await engineFor(o);
      try {
        const V = config.vocabSize, rng = freshRng();
        // Three prompts of different lengths on a 4-row decoder; row 0 finishes after 2 answer tokens.
        const prompts = [1, 6, 9].map((n) => Array.from({ length: n }, () => rng.int(V)));
        const finalLength = [2, 4, 4];
        const answers: number[][] = prompts.map(() => []);
        const session = (await engine.decoder()).open(prompts, grid);
        const steps: { got: Float32Array; at: number[] }[] = [];
        for (let s = 0; s <= 4; s++) {
          answers.forEach((a, b) => {
            if (s > 0 && a.length < finalLength[b]) a.push(rng.int(V));
          });
          steps.push({ got: Float32Array.from(await session.next(answers)), at: prompts.map((p, b) => p.length + answers[b].length - 1) });
        }
        const batch = sequenceBatch(config, prompts, answers, grid);
        const want = referenceForward(config, Float64Array.from(params), batch).logits;
        const full = (await new EngineModel(engine).logits(batch)).subarray(0, batch.B * T * V);
        let worst = 0;
        steps.forEach(({ got, at }, s) => {
          const ref = rowsOf(want, at, V);
          expect(Math.max(...ref.map(Math.abs))).toBeGreaterThan(1); // logits of a few units: a wrong key would show
          worst = Math.max(worst, expectClose(got, ref, 1e-4, `step ${s} vs float64`).maxRel);
          expectClose(got, rowsOf(full, at, V), 1e-4, `step ${s} vs engine.forward`);
        });
        console.info(`kv decoder (${name}): max relative logit error vs float64 over 5 steps ${worst.toExponential(2)}`);
      } finally {
        engine.destroy();
      }
    });
  }
});

describe('generation through the KV decoder', { timeout: 300_000 }, () => {
  let engine: TrainingEngine, cached: EngineModel, full: LogitsModel;
  beforeAll(async () => {
    ({ engine } = await engineFor(variants[0][1]));
    cached = new EngineModel(engine);
    full = { config: cached.config, maxBatch: cached.maxBatch, maxT: cached.maxT, logits: (b) => cached.logits(b) };
  });
  afterAll(() => engine?.destroy());

  /** Five prompts (two chunks of the 4-row engine) of 1..8 tokens. */
  const prompts = () => {
    const rng = freshRng();
    return Array.from({ length: 5 }, () => Array.from({ length: 1 + rng.int(8) }, () => rng.int(cached.config.vocabSize)));
  };

  it('greedy: the same tokens as one full forward per token, with rows stopping at different steps', async () => {
    const p = prompts();
    const long = await generate(full, p, T, -1);
    expect(new Set(long.map((g) => g.join())).size).toBeGreaterThan(1);
    // Stop at a token the first row produces mid-answer: rows then finish at different steps.
    const stopId = long[0][2];
    const want = await generate(full, p, T, stopId);
    expect(want.some((g) => g.length < T - 8)).toBe(true);
    expect(await generate(cached, p, T, stopId)).toEqual(want);
    expect(await generate(cached, p, T, -1)).toEqual(long);
  });

  it('temperature and top-k sampling from the same seed give the same tokens', async () => {
    const p = prompts(), seed = Math.floor(Math.random() * 1e9);
    const sample = (model: LogitsModel) => generate(model, p, 6, -1, { temperature: 0.8, topK: 5, rng: createRng(seed) });
    expect(await sample(cached)).toEqual(await sample(full));
    expect(await generate(cached, p, 6, -1, greedy)).toEqual(await generate(full, p, 6, -1, greedy));
  });

  it('a decode step is one submission and one readback, and allocates no GPU memory', async () => {
    const ctx = await testContext();
    const decoder = await engine.decoder();
    const session = decoder.open([[1, 2, 3], [4]]);
    await session.next([[], []]);
    const created: string[] = [];
    const createBuffer = ctx.device.createBuffer.bind(ctx.device);
    ctx.device.createBuffer = (d) => (created.push(d.label ?? ''), createBuffer(d));
    try {
      const before = { ...ctx.counters }, bytes = ctx.buffers.bytesInUse;
      for (const answers of [[[5], [6]], [[5, 7], [6, 8]], [[5, 7, 9], [6, 8]]]) await session.next(answers);
      expect(ctx.counters.submits - before.submits).toBe(3);
      expect(ctx.counters.readbacks - before.readbacks).toBe(3);
      expect(ctx.counters.dispatches - before.dispatches).toBe(3 * decoder.dispatchesPerStep);
      expect(ctx.buffers.bytesInUse).toBe(bytes);
      expect(created).toEqual([]);
    } finally {
      ctx.device.createBuffer = createBuffer;
    }
  });

  it('refuses what it cannot decode: a retired session, answers that skip a token, prompts past the cache', async () => {
    const decoder = await engine.decoder();
    const old = decoder.open([[1]]);
    const current = decoder.open([[1, 2]]);
    await expect(old.next([[]])).rejects.toThrow(/newer decoding session/);
    await current.next([[]]);
    await expect(current.next([[3, 4]])).rejects.toThrow(/one step adds one/);
    expect(() => decoder.open([Array.from({ length: T + 1 }, () => 1)])).toThrow(/the cache holds 1\.\.13/);
    expect(() => decoder.open(Array.from({ length: B + 1 }, () => [1]))).toThrow(/the decoder takes 1\.\.4/);
  });
});

describe('KV decoder on a grid model', { timeout: 300_000 }, () => {
  it('decodes images only: a 2D model refuses a session without a grid', async () => {
    const { engine } = await engineFor({ tied: true, ropeMode: '2d', registers: 0, extraHeads: 0 });
    try {
      const decoder = await engine.decoder();
      expect(() => decoder.open([[1]])).toThrow(/2D RoPE decodes images/);
    } finally {
      engine.destroy();
    }
  });
});
