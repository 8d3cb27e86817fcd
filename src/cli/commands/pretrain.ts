// `mutor pretrain --model nano|small`: pretrains a base model on the general mixture (src/train/pretrainData.ts) with
// the WebGPU engine, checkpointing every --checkpoint-every steps and resuming from the last checkpoint, then writes
// public/models/<id>.onnx and its model card <id>.json. Same command, seed and adapter: same weights.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { createNodeGpuContext } from '../../gpu/node';
import { TrainingEngine } from '../../engine/trainingEngine';
import { initParameters } from '../../reference/init';
import { buildLayout } from '../../model/layout';
import { exportOnnx } from '../../onnx/export';
import { pretrainBatch } from '../../train/pretrainData';
import { pretrainSpecs, type PretrainSpec } from '../../train/pretrainSpecs';
import { loadCheckpoint, saveCheckpoint, type CheckpointHeader } from '../../train/checkpoint';
import type { OptimizerOptions } from '../../train/schedule';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const pretrainCommand: Command = {
  name: 'pretrain',
  usage: 'pretrain --model nano|small [--steps N] [--seed S] [--out dir] [--checkpoint-every N] [--fresh]',
  summary: 'pretrain a shipped base model on the general mixture (resumable), write its ONNX and model card',
  async run(args) {
    const f = new Flags(args);
    const id = f.string('model');
    if (id !== 'nano' && id !== 'small') throw new UsageError('--model must be nano or small');
    const spec: PretrainSpec = pretrainSpecs[id];
    const steps = f.number('steps', spec.steps, { integer: true, min: 1 })!;
    const seed = f.number('seed', 1, { integer: true, min: 0 })!;
    const out = f.string('out', join(ROOT, 'public', 'models'))!;
    const every = f.number('checkpoint-every', 100, { integer: true, min: 1 })!;
    const fresh = f.bool('fresh');
    f.done();

    const ctx = await createNodeGpuContext();
    const adapter = `${ctx.adapter.vendor}/${ctx.adapter.architecture}`;
    const ckptDir = join(ROOT, 'runs', 'pretrain', `${id}-seed${seed}-steps${steps}`);
    const optimizer: OptimizerOptions = {
      lr: spec.lr, warmupSteps: spec.warmupSteps, totalSteps: steps, schedule: 'cosine', minLrRatio: 0.1,
      beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 1,
    };
    const engine = await TrainingEngine.create(ctx, spec.config, { B: spec.B, T: spec.T, optimizer });
    const parameterCount = buildLayout(spec.config).parameterCount;
    let header: CheckpointHeader = { format: 1, id, seed, step: 0, totalSteps: steps, config: spec.config, losses: [], tokens: 0, wallMs: 0 };
    const resumed = fresh ? null : loadCheckpoint(ckptDir);
    if (resumed) {
      if (JSON.stringify(resumed.header.config) !== JSON.stringify(spec.config)) throw new Error(`checkpoint ${ckptDir} has another model config; pass --fresh to start over`);
      if (resumed.header.totalSteps !== steps) throw new Error(`checkpoint ${ckptDir} belongs to a ${resumed.header.totalSteps}-step run (the schedule depends on it); pass --steps ${resumed.header.totalSteps} or --fresh`);
      header = resumed.header;
      engine.setParameters(resumed.params);
      engine.setOptimizerState({ steps: header.step, m: resumed.m, v: resumed.v });
      console.error(`mutor pretrain: resuming ${id} at step ${header.step} from ${ckptDir}`);
    } else {
      engine.setParameters(initParameters(spec.config, seed));
    }
    console.error(`mutor pretrain: ${id} (${parameterCount.toLocaleString()} parameters), ${steps} steps of ${spec.B}×${spec.T} tokens, seed ${seed}, on ${adapter}`);

    const checkpoint = async () => {
      const state = await engine.getOptimizerState();
      saveCheckpoint(ckptDir, { header, params: await engine.getParameters(), m: state.m, v: state.v });
    };
    let segmentStart = performance.now(), segmentTokens = 0;
    const logEvery = Math.max(1, Math.min(every, Math.floor(steps / 50)));
    while (header.step < steps) {
      const batch = pretrainBatch(seed, header.step, spec.B, spec.T);
      const next = header.step + 1;
      const want = next % logEvery === 0 || next === steps;
      const metrics = await engine.step(batch, { wantMetrics: want });
      header.step = next;
      header.tokens += spec.B * spec.T;
      segmentTokens += spec.B * spec.T;
      if (metrics) {
        if (!Number.isFinite(metrics.loss.total)) throw new Error(`loss became ${metrics.loss.total} at step ${next}`);
        const now = performance.now();
        header.wallMs += now - segmentStart;
        const tps = (segmentTokens / (now - segmentStart)) * 1000;
        segmentStart = now;
        segmentTokens = 0;
        header.losses.push([next, metrics.loss.total]);
        console.error(`  step ${String(next).padStart(6)}/${steps}  loss ${metrics.loss.total.toFixed(4)}  lr ${metrics.lr.toExponential(2)}  ${tps.toFixed(0)} tok/s`);
      }
      if (next % every === 0 || next === steps) await checkpoint();
    }

    const params = await engine.getParameters();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${id}.onnx`), exportOnnx(spec.config, params));
    const card = {
      id,
      description: `MuToR playground base model '${id}': a Llama-style decoder pretrained on our generated general mixture (arithmetic facts in prose, graphs as sentences, simple grammar, counting), which contains none of the fine-tuning tasks' question/answer formats.`,
      config: spec.config,
      parameters: parameterCount,
      data: { recipe: 'src/tasks/pretrainMixture.ts, packed BOS text EOS windows (src/train/pretrainData.ts)', seed },
      training: { steps, batch: spec.B, seqLen: spec.T, tokens: header.tokens, optimizer, finalLoss: header.losses[header.losses.length - 1]?.[1] ?? null, wallSeconds: Math.round(header.wallMs / 1000), adapter },
      losses: header.losses,
      reproduce: `npx mutor pretrain --model ${id} --steps ${steps} --seed ${seed} --fresh`,
      determinism: 'The same command and seed give bitwise the same weights on the same adapter (no float atomics; fixed reduction order; batches are a pure function of seed and step, so resuming is exact).',
    };
    writeFileSync(join(out, `${id}.json`), JSON.stringify(card, null, 2) + '\n');
    console.error(`mutor pretrain: wrote ${join(out, `${id}.onnx`)} and ${id}.json (final loss ${card.training.finalLoss?.toFixed(4)})`);
    return 0;
  },
};
