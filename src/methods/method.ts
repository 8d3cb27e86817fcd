// What a training method is: everything the rest of the playground asks about it, answered by its own module in
// src/methods/<name>/ and listed in src/methods/registry.ts. Nothing outside those modules compares method names.
//
//   layout       one (prompt, answer) example as a training sequence: inputs, kinds, positions, per-head targets
//   loss         L = Σ_g groupCoefficients[g] · mean_g over the loss groups the layout assigns
//   tensors      what it adds to the base model (register rows, extra heads) and where they start from
//   inference    what the trained model runs: next-token decoding with the extra tensors dropped, or one forward pass
//   evaluation   the teacher-forced accuracies it reports by horizon d
import type { ModelConfig } from '../model/config';
import type { MethodTensors } from '../model/methodTensors';
import type { PromptAnswer, SequenceLayout } from '../mutor/sequence';
import type { Rng } from '../util/random';
import type { MethodKnobName, MethodKnobs } from './knobs';

/** The per-sequence offset d a layout takes (MuToR's registers predict d tokens ahead). */
export interface OffsetRange {
  /** d for one training sequence, from the run's seeded stream. */
  draw(knobs: MethodKnobs, rng: Rng): number;
  /** The largest d training draws (runs size T from the layouts at this d). */
  max(knobs: MethodKnobs): number;
}

/**
 * A teacher-forced top-1 accuracy evaluate() reports as horizonAccuracy[d - 1]: d tokens ahead (d >= 2), or, for a
 * method with a horizonGrid, the offset pair numbered d - 1 (index 0 is the next token either way).
 */
export interface HorizonProbe {
  d: number;
  /** Lay the examples out with this offset; undefined: the inference layout. */
  layoutOffset?: number;
  /** The output head whose targets count, and only those in this loss group when given. */
  head: number;
  group?: number;
}

/** How the trained model answers a prompt. */
export type Inference =
  /** Greedy (or sampled) next-token decoding; the method's extra tensors are dropped (head 0 only). */
  | { kind: 'nextToken' }
  /**
   * The whole answer from one forward pass over `layout(prompt, answerSlots)`: the argmax at the last prompt token
   * and at each of the answerSlots positions after it is one answer token, cut after the first end token.
   */
  | { kind: 'oneShot'; layout(prompt: readonly number[], answerSlots: number): SequenceLayout };

export interface TrainingMethod {
  /** Display name, e.g. 'MuToR'. */
  label: string;
  /** Its runs' color on the page (a CSS color), and its curves' stroke in exported plots. */
  pageColor: string;
  plotColor: string;
  /** One line for help texts: what it trains the model to predict. */
  description: string;
  /** The knobs it reads: their fields in the experiment schema are shown when one of the runs uses it. */
  knobs: readonly MethodKnobName[];
  /** What it adds beside the base model's tensors: register rows R and output heads H (src/model/methodTensors.ts). */
  tensors(knobs: MethodKnobs): MethodTensors;
  /**
   * The base-model tensor a tensor of the run's model is copied from when the run starts (e.g. an extra head's from
   * the last trunk block). Default: the tensor of the same name; one the base lacks keeps its seeded fresh init.
   */
  initialTensorFrom?(name: string, base: ModelConfig): string;
  /** Coefficients of the loss groups' means. */
  groupCoefficients(knobs: MethodKnobs): number[];
  /** Present when the layout takes an offset d. */
  offsets?: OffsetRange;
  /** How an offset reads on the page and in messages (MuToR-2D's numbered pairs: '(2, 3)'); default: the number. */
  offsetLabel?(offset: number, knobs: MethodKnobs): string;
  /** One training sequence; `d` is ignored without offsets; `rng` only for seeded placements. */
  layout(example: PromptAnswer, knobs: MethodKnobs, d: number, vocabSize: number, rng?: Rng): SequenceLayout;
  /** The sequence as the trained model sees it at inference, with its targets: next-token accuracy is scored on it. */
  inferenceLayout(example: PromptAnswer, knobs: MethodKnobs, vocabSize: number): SequenceLayout;
  /** It lays out image (grid) examples only: experiments on other tasks cannot run it. */
  gridOnly?: boolean;
  /** It trains predictions further ahead than the next token (the horizons panel shows its runs). */
  looksAhead: boolean;
  /** Accuracies further ahead than the next token that evaluation measures (none: []). */
  horizonProbes(knobs: MethodKnobs): HorizonProbe[];
  /**
   * Present when its horizons are pairs (d_h, d_w) in {1..D}², not one d: returns D, and horizonAccuracy[(d_h - 1)·D
   * + d_w - 1] is the pair's accuracy, (1, 1) the next token. The page draws them as a D×D grid instead of lines by d.
   */
  horizonGrid?(knobs: MethodKnobs): number;
  inference: Inference;
  /**
   * What a regular token's output heads predict, as a sentence for the interleaving panel, given each head's target
   * (quoted; null where that head has none). Default: the next token, or 'its n heads predict ...'.
   */
  describeTargets?(byHead: readonly (string | null)[]): string;
  /** A few phrases on one laid-out sequence (the interleaving panel's info line), after the token counts. */
  describeLayout(layout: SequenceLayout, knobs: MethodKnobs): string[];
  /** The paper's training cost relative to NTP, when it reports one (mutor bench). */
  paperStepCost?: string;
}
