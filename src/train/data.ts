// The data side of a run: the task's splits and a seeded stream of training batches laid out for one method.
import type { Batch } from '../model/batch';
import type { RunModelConfig } from '../model/methodTensors';
import { buildBatch } from '../methods/layout';
import { methodOf, type MethodConfig } from '../methods/registry';
import { currentDataFile, makeSplits, tasks, type Example, type Splits } from '../tasks';
import { createRng, rngFromState, type Rng } from '../util/random';
import type { ExperimentConfig } from '../experiment/schema';

export function splitsFor(exp: ExperimentConfig): Splits {
  const def = tasks[exp.task.name];
  if (!def) throw new Error(`unknown task '${exp.task.name}'`);
  if (def.usesDataFile) checkDataFile(exp);
  return makeSplits(def, exp.task.knobs, exp.data.dataSeed, exp.data.trainSize, exp.data.testSize);
}

/** The loaded data file must be the one the experiment names (by SHA-256): its runs train on nothing else. */
function checkDataFile(exp: ExperimentConfig): void {
  const { fileName, fileSha256 } = exp.data;
  const file = currentDataFile();
  if (file?.sha256 === fileSha256) return;
  const wanted = `your data file ${fileName || '(unnamed)'} (SHA-256 ${fileSha256.slice(0, 12)}…)`;
  throw new Error(file ? `this experiment trains on ${wanted}, not on the loaded ${file.name}: choose that file` : `this experiment trains on ${wanted}: choose that file first`);
}

/** Longest laid-out sequence over the examples for this method (at the largest offset when it has offsets). */
export function longestLayout(examples: Example[], method: MethodConfig, config: RunModelConfig): number {
  const rng = createRng(0);
  const m = methodOf(method.kind);
  const d = m.offsets ? m.offsets.max(method) : 0;
  let longest = 0;
  for (const e of examples) longest = Math.max(longest, m.layout(e, method, d, config.vocabSize, rng).inputIds.length);
  return longest;
}

/** Where a BatchStream stands: enough to make its next batch, and every one after, identical (checkpoints). */
export interface BatchStreamState {
  /** The RNG state the current epoch's order was drawn from (null: no epoch drawn yet). */
  shuffledFrom: number | null;
  /** Examples of the current epoch already taken. */
  cursor: number;
  /** The RNG state now (register offsets draw from it between shuffles). */
  rng: number;
}

/**
 * Shuffled epochs over the train split, B examples per batch, padded to a fixed T (the engine is built once for
 * one B and T). Register offsets are drawn from the same seeded stream, so a seed fixes the whole run.
 */
export class BatchStream {
  private order: number[] = [];
  private cursor = 0;
  private shuffledFrom: number | null = null;
  private rng: Rng;

  constructor(
    private readonly train: Example[],
    private readonly method: MethodConfig,
    private readonly config: RunModelConfig,
    readonly B: number,
    readonly T: number,
    seed: number,
  ) {
    if (train.length === 0) throw new Error('the train split is empty');
    this.rng = createRng(seed);
  }

  next(): Batch {
    const picked: Example[] = [];
    while (picked.length < this.B) {
      if (this.cursor >= this.order.length) this.reshuffle();
      picked.push(this.train[this.order[this.cursor++]]);
    }
    return buildBatch(picked, this.method, this.config, this.rng, { T: this.T });
  }

  state(): BatchStreamState {
    return { shuffledFrom: this.shuffledFrom, cursor: this.cursor, rng: this.rng.state() };
  }

  /** Continues from a state() of a stream over the same split, method and seed: the epoch's order is redrawn, not stored. */
  restore(s: BatchStreamState): void {
    this.order = [];
    if (s.shuffledFrom !== null) {
      this.rng = rngFromState(s.shuffledFrom);
      this.reshuffle();
    }
    if (!Number.isInteger(s.cursor) || s.cursor < 0 || s.cursor > this.order.length) {
      throw new Error(`batch stream state: cursor ${s.cursor} is outside the epoch of ${this.order.length} examples`);
    }
    this.cursor = s.cursor;
    this.rng = rngFromState(s.rng);
  }

  private reshuffle(): void {
    this.shuffledFrom = this.rng.state();
    this.order = this.train.map((_, i) => i);
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = this.rng.int(i + 1);
      [this.order[i], this.order[j]] = [this.order[j], this.order[i]];
    }
    this.cursor = 0;
  }
}
