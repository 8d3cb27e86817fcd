// Time to the first training step in Node (Dawn): device, then each method's run built (kernels compiled) and its first
// step, the methods made together as the page's Worker makes them, then one more step. Run it in a fresh process;
// point MESA_SHADER_CACHE_DIR at an empty folder for a cold start (lavapipe's shader cache), reuse it for a warm one;
// MUTOR_CACHE_DIR likewise for the matmul tuning store (src/gpu/nodeTuningStore.ts). `tuned`: the matmul shape
// classes timed in this process; `fromStore`: those the tuning store already held.
//   npx tsx scripts/first-step.ts [preset]        (default: tiny)   prints one JSON line
import { createNodeGpuContext } from '../src/gpu/node';
import { presetById } from '../src/experiment/presets';
import { scratchModel, modelFromOnnx, type BaseModel } from '../src/train/baseModel';
import { TrainingRun } from '../src/train/run';
import { tuningsOf } from '../src/kernels/autotune';
import { readFileSync } from 'node:fs';

const id = process.argv[2] ?? 'tiny';
const preset = presetById(id);
if (!preset) {
  console.error(`first-step: no preset '${id}'`);
  process.exit(2);
}
const experiment = preset.config;
const t0 = performance.now();
const ctx = await createNodeGpuContext();
const deviceMs = performance.now() - t0;
const base: BaseModel = experiment.model.id === 'scratch'
  ? scratchModel(experiment.seed, experiment.model.scratch)
  : modelFromOnnx(readFileSync(`public/models/${experiment.model.id}.onnx`), experiment.model.id);
const runs = await Promise.all(experiment.runs.map((m) => TrainingRun.create(ctx, experiment, m, base)));
const builtMs = performance.now() - t0;
for (const r of runs) await r.trainStep(true);
const firstStepMs = performance.now() - t0;
const t1 = performance.now();
for (const r of runs) await r.trainStep(true);
const nextStepMs = performance.now() - t1;
const tunings = await tuningsOf(ctx);
const fromStore = tunings.filter((t) => t.fromStore).length;
console.log(JSON.stringify({
  preset: id, methods: experiment.runs, deviceMs: Math.round(deviceMs), builtMs: Math.round(builtMs), firstStepMs: Math.round(firstStepMs),
  nextRoundMs: Math.round(nextStepMs), pipelines: ctx.pipelines?.size, tuned: tunings.length - fromStore, fromStore,
}));
for (const r of runs) r.destroy();
process.exit(0);
