// An experiment as a self-contained PyTorch job (`mutor export-torch`): for each of its runs, the batches of every
// optimizer step from the playground's own batch stream (the same examples, order, register offsets and layout the
// engine trains on), the run's starting weights and a job.json saying how to read them; beside them the experiment
// and a README and train.py (src/torch/train.py, whose text the caller brings: Node reads the file, the page's bundle
// imports it). Pure: `mutor export-torch` writes these files to a folder, the page zips them (src/worker/torchExport.ts).
//   experiment.json                 { format, link, runs, experiment, base }
//   runs/<method>/job.json          model (LoRA's rank and alpha included), parameter layout (which tensors are frozen),
//                                   optimizer, record fields, shards
//   runs/<method>/init.bin          float32 [totalSize], the playground's flat layout (gaps zero; LoRA's A and B from
//                                   our seeded init, so PyTorch starts from the engine's adapters bit for bit)
//   runs/<method>/batches-NNNNN.bin fixed-size step records (src/torch/batchRecord.ts), SHARD_BYTES at most each
import type { ExperimentConfig } from '../experiment/schema';
import { optimizerOptionsFor } from '../experiment/schema';
import { encodeLink } from '../experiment/link';
import { methodOf, type MethodKind } from '../methods/registry';
import { positionComponents } from '../model/config';
import { buildLayout } from '../model/layout';
import { methodTensorsOf, outputHeads } from '../model/methodTensors';
import { extendParameters, type BaseModel } from '../train/baseModel';
import { BatchStream, splitsFor } from '../train/data';
import { runShape } from '../train/runShape';
import { recordBytes, recordFields, writeRecord } from './batchRecord';
import { torchJobReadme } from './readme';

export const TORCH_JOB_FORMAT = 1;
/** Largest batch shard: a long run's batches are split over several files. */
export const SHARD_BYTES = 64 << 20;

export interface JobFile {
  /** Relative to the job folder. */
  path: string;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();
const jsonFile = (path: string, value: unknown): JobFile => ({ path, bytes: encoder.encode(JSON.stringify(value, null, 1) + '\n') });

/** Every file of the job, one at a time (a long run's shards are not all in memory at once); `trainPy` is the text
 * of src/torch/train.py. */
export function* torchJobFiles(exp: ExperimentConfig, base: BaseModel, trainPy: string): Generator<JobFile> {
  const link = encodeLink(exp);
  yield jsonFile('experiment.json', { format: TORCH_JOB_FORMAT, link, runs: exp.runs, experiment: exp, base: base.source });
  for (const kind of exp.runs) yield* runFiles(exp, kind, base, link);
  yield { path: 'README.md', bytes: encoder.encode(torchJobReadme(exp, base.source)) };
  yield { path: 'train.py', bytes: encoder.encode(trainPy) };
}

/** What a run of the job starts from: its model, micro-batch shape, the seeded batch stream and the starting weights,
 * made as TrainingRun.create makes them. */
export function torchRunSource(exp: ExperimentConfig, kind: MethodKind, base: BaseModel) {
  const splits = splitsFor(exp);
  const { method, config, B, T } = runShape(exp, kind, base.config, splits);
  return {
    method, config, B, T,
    stream: new BatchStream(splits.train, method, config, B, T, exp.seed),
    params: extendParameters(base, method, config, exp.seed),
  };
}

function* runFiles(exp: ExperimentConfig, kind: MethodKind, base: BaseModel, link: string): Generator<JobFile> {
  const { method, config, B, T, stream, params } = torchRunSource(exp, kind, base);
  const layout = buildLayout(config);
  const H = outputHeads(config), P = positionComponents(config), A = exp.optimizer.gradAccumulation;
  const fields = recordFields(B, T, H, P);
  const stepBytes = A * recordBytes(fields);
  const perShard = Math.max(1, Math.floor(SHARD_BYTES / stepBytes));
  const dir = `runs/${kind}`;
  const coefficients = methodOf(kind).groupCoefficients(method);
  const shards: { file: string; firstStep: number; steps: number }[] = [];
  for (let first = 0; first < exp.steps; first += perShard) {
    const steps = Math.min(perShard, exp.steps - first);
    const bytes = new Uint8Array(steps * stepBytes);
    for (let s = 0; s < steps * A; s++) writeRecord(stream.next(), fields, H, P, bytes, s * recordBytes(fields));
    const file = `batches-${String(shards.length).padStart(5, '0')}.bin`;
    shards.push({ file, firstStep: first, steps });
    yield { path: `${dir}/${file}`, bytes };
  }
  yield { path: `${dir}/init.bin`, bytes: littleEndianFloats(params) };
  yield jsonFile(`${dir}/job.json`, {
    format: TORCH_JOB_FORMAT,
    method: kind,
    label: methodOf(kind).label,
    link,
    seed: exp.seed,
    steps: exp.steps,
    model: { ...config, methodTensors: methodTensorsOf(config) },
    tensors: layout.tensors.map(({ name, shape, offset, size, decay, frozen }) => ({ name, shape, offset, size, decay, frozen })),
    totalSize: layout.totalSize,
    optimizer: optimizerOptionsFor(exp),
    batch: { B, T, H, P, microBatches: A, groupCoefficients: coefficients, fields },
    shards,
    init: 'init.bin',
  });
}

function littleEndianFloats(values: Float32Array): Uint8Array {
  const out = new Uint8Array(values.length * 4), view = new DataView(out.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  return out;
}
