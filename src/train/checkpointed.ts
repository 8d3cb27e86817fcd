// A run that survives its process (Node only): resumes from the checkpoint in its folder when there is one, saves a
// checkpoint there every `every` steps and at the end (without a folder it just trains). The caller destroys the run (and may remove the folder).
// priorWallMs: the training time the checkpoint had already spent (0 for a fresh run).
import type { GpuContext } from '../gpu/context';
import type { ExperimentConfig } from '../experiment/schema';
import type { MethodKind } from '../methods/registry';
import type { BaseModel } from './baseModel';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { currentPosition } from './savedPosition';
import { trainToEnd, type LoopCheckpoint, type LoopOptions, type RunResult } from './loop';
import { TrainingRun } from './run';

export interface CheckpointedOptions {
  /** The run's checkpoint folder (none: no checkpoints). */
  dir?: string;
  /** Steps between checkpoints. */
  every: number;
  validationSize?: number;
  loop: Omit<LoopOptions, 'resume' | 'checkpointEvery' | 'onCheckpoint'>;
  log(line: string): void;
}

export async function trainCheckpointed(ctx: GpuContext, exp: ExperimentConfig, kind: MethodKind, base: BaseModel, o: CheckpointedOptions): Promise<{ run: TrainingRun; result: RunResult; priorWallMs: number }> {
  const dir = o.dir;
  const stored = dir === undefined ? null : loadCheckpoint<LoopCheckpoint['header']>(dir, 'run');
  const saved = stored && { ...stored, header: currentPosition(stored.header) };
  let run: TrainingRun;
  try {
    run = await TrainingRun.create(ctx, exp, kind, base, { validationSize: o.validationSize, resume: saved ?? undefined });
  } catch (e) {
    if (!saved) throw e;
    throw new Error(`checkpoint ${dir}: ${e instanceof Error ? e.message : String(e)}; delete the folder to start this run over`, { cause: e });
  }
  if (saved) o.log(`  ${kind}: resuming at step ${saved.header.step} of ${exp.steps} from ${dir}`);
  try {
    const result = await trainToEnd(run, {
      ...o.loop,
      resume: saved?.header.progress,
      checkpointEvery: o.every,
      onCheckpoint: dir === undefined ? undefined : (c) => saveCheckpoint(dir, 'run', c),
    });
    return { run, result, priorWallMs: saved?.header.progress.wallMs ?? 0 };
  } catch (e) {
    run.destroy();
    throw e;
  }
}
