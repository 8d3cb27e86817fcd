// `mutor pretrain --model nano|small`: pretrains a base model on the general mixture (src/train/pretrainData.ts) with
// the WebGPU engine, checkpointing every --checkpoint-every steps and resuming from the last checkpoint, then writes
// public/models/<id>.onnx and its model card <id>.json. Same command, seed and adapter: same weights.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';
import { Flags, UsageError } from '../args';
import { createNodeGpuContext } from '../../gpu/node';
import { buildLayout } from '../../model/layout';
import { exportOnnx } from '../../onnx/export';
import { pretrainSpecs, type PretrainSpec } from '../../train/pretrainSpecs';
import { pretrain } from '../../train/pretrain';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export const pretrainCommand: Command = {
  name: 'pretrain',
  usage: 'pretrain --model nano|small [--steps N] [--seed S] [--out dir] [--checkpoint-every N] [--stop-at N] [--fresh]',
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
    const stopAt = f.number('stop-at', undefined, { integer: true, min: 1 });
    f.done();

    const ctx = await createNodeGpuContext();
    const adapter = `${ctx.adapter.vendor}/${ctx.adapter.architecture}`;
    const checkpointDir = join(ROOT, 'runs', 'pretrain', `${id}-seed${seed}-steps${steps}`);
    const parameterCount = buildLayout(spec.config).parameterCount;
    console.error(`mutor pretrain: ${id} (${parameterCount.toLocaleString()} parameters), ${steps} steps of ${spec.B}×${spec.T} tokens, seed ${seed}, on ${adapter}`);
    const { params, header, optimizer, complete } = await pretrain(ctx, spec, {
      steps, seed, checkpointDir, checkpointEvery: every, fresh, stopAt, log: (line) => console.error(`mutor pretrain: ${line}`),
    });
    if (!complete) {
      console.error(`mutor pretrain: stopped at step ${header.step} (--stop-at); run the same command without it to resume from ${checkpointDir}`);
      return 0;
    }
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
      determinism: 'The same command and seed give bitwise the same weights on the same adapter, interrupted and resumed or not (no float atomics; fixed reduction order; batches are a pure function of seed and step). Tested in src/train/pretrain.test.ts.',
    };
    writeFileSync(join(out, `${id}.json`), JSON.stringify(card, null, 2) + '\n');
    console.error(`mutor pretrain: wrote ${join(out, `${id}.onnx`)} and ${id}.json (final loss ${card.training.finalLoss?.toFixed(4)})`);
    return 0;
  },
};
