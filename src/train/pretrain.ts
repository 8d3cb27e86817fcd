// The pretraining loop (Node only): plain next-token prediction on the general mixture with the WebGPU engine,
// checkpointing parameters and AdamW moments every `checkpointEvery` steps and resuming from the last checkpoint.
// Batches are a pure function of (seed, step) and the engine has a fixed reduction order, so the same spec, seed and
// adapter give bitwise the same weights, whether the run was interrupted or not (pretrain.test.ts checks both).
import type { GpuContext } from '../gpu/context';
import { TrainingEngine } from '../engine/trainingEngine';
import { initParameters } from '../reference/init';
import { pretrainBatch } from './pretrainData';
import type { PretrainSpec } from './pretrainSpecs';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import type { ModelConfig } from '../model/config';
import type { OptimizerOptions } from '../model/schedule';

/** A pretraining run's state in its checkpoint (beside the parameters and moments). */
export interface PretrainHeader {
  id: string;
  seed: number;
  step: number;
  /** The run's total steps (the schedule depends on it: a resume must use the same). */
  totalSteps: number;
  config: ModelConfig;
  /** (step, loss) pairs logged so far. */
  losses: [number, number][];
  tokens: number;
  wallMs: number;
}

export interface PretrainOptions {
  steps: number;
  seed: number;
  checkpointDir: string;
  checkpointEvery: number;
  /** Ignore an existing checkpoint and start from the seed's initialization. */
  fresh: boolean;
  /** Stop (after checkpointing) once this step is done, leaving the run resumable; default: run to `steps`. */
  stopAt?: number;
  log?: (line: string) => void;
}

export interface PretrainResult {
  params: Float32Array<ArrayBuffer>;
  header: PretrainHeader;
  optimizer: OptimizerOptions;
  /** Whether all `steps` are done (false when `stopAt` ended the call early). */
  complete: boolean;
}

function pretrainOptimizer(spec: PretrainSpec, steps: number): OptimizerOptions {
  return {
    lr: spec.lr, warmupSteps: spec.warmupSteps, totalSteps: steps, schedule: 'cosine', minLrRatio: 0.1,
    beta1: 0.9, beta2: 0.95, eps: 1e-8, weightDecay: 0.1, maxGradNorm: 1,
  };
}

export async function pretrain(ctx: GpuContext, spec: PretrainSpec, o: PretrainOptions): Promise<PretrainResult> {
  const log = o.log ?? (() => {});
  const optimizer = pretrainOptimizer(spec, o.steps);
  const engine = await TrainingEngine.create(ctx, spec.config, { B: spec.B, T: spec.T, optimizer });
  try {
    let header: PretrainHeader = { id: spec.id, seed: o.seed, step: 0, totalSteps: o.steps, config: spec.config, losses: [], tokens: 0, wallMs: 0 };
    const resumed = o.fresh ? null : loadCheckpoint<PretrainHeader>(o.checkpointDir, 'pretrain');
    if (resumed) {
      if (JSON.stringify(resumed.header.config) !== JSON.stringify(spec.config)) throw new Error(`checkpoint ${o.checkpointDir} has another model config; pass --fresh to start over`);
      if (resumed.header.totalSteps !== o.steps) throw new Error(`checkpoint ${o.checkpointDir} belongs to a ${resumed.header.totalSteps}-step run (the schedule depends on it); pass --steps ${resumed.header.totalSteps} or --fresh`);
      header = resumed.header;
      engine.setParameters(resumed.params);
      engine.setOptimizerState({ steps: header.step, m: resumed.m, v: resumed.v });
      log(`resuming ${spec.id} at step ${header.step} from ${o.checkpointDir}`);
    } else {
      engine.setParameters(initParameters(spec.config, o.seed));
    }

    const checkpoint = async () => {
      const state = await engine.getOptimizerState();
      saveCheckpoint(o.checkpointDir, 'pretrain', { header, params: await engine.getParameters(), m: state.m, v: state.v });
    };
    const last = Math.min(o.steps, o.stopAt ?? o.steps);
    const logEvery = Math.max(1, Math.min(o.checkpointEvery, Math.floor(o.steps / 50)));
    let segmentStart = performance.now(), segmentTokens = 0;
    while (header.step < last) {
      const next = header.step + 1;
      const want = next % logEvery === 0 || next === o.steps;
      const metrics = await engine.step(pretrainBatch(o.seed, header.step, spec.B, spec.T), { wantMetrics: want });
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
        log(`  step ${String(next).padStart(6)}/${o.steps}  loss ${metrics.loss.total.toFixed(4)}  lr ${metrics.lr.toExponential(2)}  ${tps.toFixed(0)} tok/s`);
      }
      if (next % o.checkpointEvery === 0 || next === last) await checkpoint();
    }
    return { params: await engine.getParameters(), header, optimizer, complete: header.step === o.steps };
  } finally {
    engine.destroy();
  }
}
