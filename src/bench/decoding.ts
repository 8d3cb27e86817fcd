// Decoding rows: generated tokens per second of greedy generation through generate() on the default model (vocab 64,
// d_model 64, 4 layers, 4 heads, SwiGLU 172) in an engine of B 32 × T 64, 32 prompts of 16..40 tokens, 24 new tokens
// each (no stop token: every row runs to the end). Two ways on the same engine and prompts, interleaved sample by
// sample so that other load hits both alike:
//   kv cache      the engine's KV-cache decoder: one prefill, then one step of B new tokens per token
//   full forward  one full B × T forward per token (generation before the cache; onnxruntime models still decode so)
// and the ratio of the two within this run.
import type { GpuContext } from '../gpu/context';
import { TrainingEngine } from '../engine/trainingEngine';
import { defaultModelConfig } from '../model/config';
import { initParameters } from '../reference/init';
import { EngineModel } from '../train/engineModel';
import { generate } from '../train/generate';
import type { LogitsModel } from '../model/logitsModel';
import { defaultOptimizerOptions } from '../model/schedule';
import { createRng } from '../util/random';
import { median, type BenchProducer, type ProducedRow } from './row';

const B = 32, T = 64, NEW_TOKENS = 24, SAMPLES = 3;

interface Sample {
  ms: number;
  submits: number;
  dispatches: number;
  readbacks: number;
}

/** Wall-clock ms of one generation, and the submissions, dispatches and readbacks it made. */
async function timeGeneration(ctx: GpuContext, model: LogitsModel, prompts: number[][]): Promise<Sample> {
  const before = { ...ctx.counters };
  const t0 = performance.now();
  await generate(model, prompts, NEW_TOKENS, -1);
  const c = ctx.counters;
  return { ms: performance.now() - t0, submits: c.submits - before.submits, dispatches: c.dispatches - before.dispatches, readbacks: c.readbacks - before.readbacks };
}

export const decodingBench: BenchProducer = {
  group: 'decoding',
  summary: 'greedy generation on the default model: KV-cache decoder vs one full forward per token, tokens/s and their ratio',
  async run(ctx) {
    const config = defaultModelConfig;
    const engine = await TrainingEngine.create(ctx, config, { B, T, optimizer: defaultOptimizerOptions });
    try {
      engine.setParameters(initParameters(config, 1));
      const rng = createRng(5);
      const prompts = Array.from({ length: B }, () => Array.from({ length: 16 + rng.int(25) }, () => rng.int(config.vocabSize)));
      const cached = new EngineModel(engine);
      const full: LogitsModel = { config, maxBatch: B, maxT: T, logits: (b) => cached.logits(b) };
      const ways: [string, LogitsModel][] = [['kv cache', cached], ['full forward', full]];
      for (const [, model] of ways) await generate(model, prompts, 2, -1); // warm-up: pipelines and first waits
      const samples = new Map(ways.map(([name]) => [name, [] as Sample[]]));
      for (let s = 0; s < SAMPLES; s++) for (const [name, model] of ways) samples.get(name)!.push(await timeGeneration(ctx, model, prompts));
      const tokens = B * NEW_TOKENS;
      const rows: ProducedRow[] = ways.map(([name]) => {
        const runs = samples.get(name)!, ms = median(runs.map((r) => r.ms)), best = Math.min(...runs.map((r) => r.ms));
        return {
          name: `default model greedy, ${name}`, value: tokens / (ms / 1000), unit: 'tokens/s', medianMs: ms, minMs: best, samples: SAMPLES,
          timing: 'wall-clock',
          params: {
            way: name, B, T, promptTokens: '16..40', newTokens: NEW_TOKENS, msPerToken: Number((ms / NEW_TOKENS).toFixed(2)),
            bestTokensPerSec: Math.round(tokens / (best / 1000)), submits: runs[0].submits, dispatches: runs[0].dispatches, readbacks: runs[0].readbacks,
          },
        };
      });
      const [kv, fw] = rows;
      rows.push({
        name: 'kv cache / full forward tokens/s', value: kv.value / fw.value, unit: '×', medianMs: kv.medianMs, samples: SAMPLES,
        timing: 'wall-clock', params: { bestRatio: Number((fw.minMs! / kv.minMs!).toFixed(1)) },
      });
      return rows;
    } finally {
      engine.destroy();
    }
  },
};
