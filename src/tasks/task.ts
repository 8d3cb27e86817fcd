// What a task is: a seeded generator of (prompt, answer) examples plus the evaluator that scores a model's answer.
// Token ids are plain numbers so a later task (e.g. 2D images) can bring its own vocabulary.
import type { Rng } from '../util/random';

export interface Example {
  /** Prompt ids, BOS first. */
  prompt: number[];
  /** Answer ids, EOS last. */
  answer: number[];
  promptText: string;
  answerText: string;
  /** Task-specific facts about the example (e.g. the star graph's path), for tests and display. */
  meta?: Readonly<Record<string, unknown>>;
  /** Image tasks: the answer is this grid in raster order (no EOS), positioned by (row, column) with 2D RoPE. */
  grid?: Grid;
}

/** An image's size in tokens, h rows of w columns, and its gray levels: level v is the digit character v ('0'..). */
export interface Grid {
  h: number;
  w: number;
  levels: number;
}

/** The gray levels of an image task's answer text, -1 for a character that is not a level; [] for null. */
export function gridLevels(text: string, grid: Grid): number[] {
  return [...text].map((ch) => {
    const v = ch >= '0' && ch <= '9' ? Number(ch) : -1;
    return v < grid.levels ? v : -1;
  });
}

/** Knob values by name, all numbers (integers for every task so far). */
export type Knobs = Readonly<Record<string, number>>;

export interface KnobSpec {
  name: string;
  description: string;
  default: number;
  /** Inclusive range; values must be integers. */
  min: number;
  max: number;
}

/** A task instance with its knobs fixed. */
export interface Task {
  name: string;
  description: string;
  knobs: Knobs;
  generate(rng: Rng, count: number): Example[];
  /** True when the generated answer is correct (each task documents what it compares). */
  evaluate(example: Example, generatedAnswerIds: readonly number[]): boolean;
  /** Roles of the answer tokens, for tasks with a planning decision (the Clever Hans diagnostics of evaluation). */
  answerParts?: AnswerParts;
  /** A fixed data set (the user's file) instead of a generator: the splits divide it (splits.ts). */
  examples?: readonly Example[];
  /**
   * Tasks over a fixed data set (images): the first nTrain train and nTest test examples of its own splits, instead
   * of generated ones; throws when the set holds fewer.
   */
  datasetSplits?(nTrain: number, nTest: number): { train: Example[]; test: Example[] };
  /**
   * Image tasks: the Fréchet distance of generated images from the examples' real ones in the task classifier's
   * feature space (null with fewer than two whole images).
   */
  frechetDistance?(examples: readonly Example[], generated: readonly (readonly number[])[]): number | null;
}

/**
 * 'decision': a token a model that cannot plan can only guess (the star graph's first node after the start);
 * 'rest': tokens that follow from the tokens before them once the decision is known; 'start' and 'eos' as named.
 */
export type AnswerPart = 'start' | 'decision' | 'rest' | 'eos';

export interface AnswerParts {
  /** One role per answer token, EOS included. */
  labels(example: Example): AnswerPart[];
  /** Chance that a guess at a 'decision' token is right (1/degree for the star graph). */
  decisionGuessRate: number;
}

/** A registered task kind: its knobs and how to build an instance from valid knob values. */
export interface TaskDefinition {
  name: string;
  description: string;
  knobSpecs: readonly KnobSpec[];
  /** Its examples come from the user's data file (the experiment names it by name and SHA-256). */
  usesDataFile?: boolean;
  /** Image tasks: every example's grid (its models use 2D RoPE, a (row, column) position per token). */
  grid?: Grid;
  /** Files in public/data/ it reads (src/tasks/dataFiles.ts), loaded before create(): its images, its classifier. */
  dataFiles?: readonly string[];
  /** Constraints between knobs (each knob is already within its range); returns an error message or null. */
  checkKnobs?(knobs: Knobs): string | null;
  create(knobs: Knobs): Task;
}
