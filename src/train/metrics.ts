// What a training run reports: the one vocabulary shared by the trainer (Worker or Node), the CLI's JSON, the
// stores and the panels. Everything here is plain data (structured-clone and JSON safe).
import type { MethodKind } from '../methods/registry';
import type { TokenKindName } from '../model/batch';

/** One optimizer step's losses, read back only at the metric rate the UI or CLI asked for. */
export interface StepPoint {
  step: number;
  /** The combined loss L = Σ coef_g · mean_g. */
  loss: number;
  /** Next-token CE (group 0). */
  ntpLoss: number;
  /** Register (MuToR) or extra-head CE (group 1), or the mean of DeepSeek MTP's module CEs (groups 1..D); null for NTP. */
  auxLoss: number | null;
  lr: number;
  tokensPerSec: number;
  elapsedMs: number;
}

/** An evaluation on the held-out split. */
export interface EvalPoint {
  step: number;
  /** Exact-match accuracy of greedy generations (registers dropped). */
  testAccuracy: number;
  /** Next-token top-1 accuracy on the test answers under teacher forcing. */
  nextTokenAccuracy: number;
  /**
   * Top-1 accuracy of predictions d tokens ahead, index d-1 (registers for MuToR, heads for Multi-Token), index 0 the
   * next token; MuToR-2D: of its registers at the pair (d_h, d_w), index (d_h-1)·D + d_w-1 (its horizonGrid). Null
   * where not measured.
   */
  horizonAccuracy: (number | null)[];
  /** Clever Hans diagnostics, for tasks with a planning decision (the star graph); see src/train/answerDiagnostics.ts. */
  answerDiagnostics?: AnswerDiagnostics;
  /** Image tasks (testAccuracy is then the classifier's class accuracy of sampled images). */
  image?: ImageMetrics;
}

/** How well an image model draws, on the test images and on images sampled (temperature 1) for their classes. */
export interface ImageMetrics {
  /** Test negative log-likelihood in bits per pixel, registers dropped (the inference sequence). */
  bitsPerPixel: number;
  /** Fréchet distance between the task classifier's features of the samples and of the real test images. */
  frechetDistance: number | null;
}

/** Fractions in [0, 1] (NaN where the task has no such token); src/train/answerDiagnostics.ts says what each counts. */
export interface AnswerDiagnostics {
  /** Greedy generations: the decision token (the star graph's first node after the start) right. */
  generatedDecision: number;
  /** Teacher forcing: top-1 accuracy on decision tokens. */
  teacherForcedDecision: number;
  /** Teacher forcing: top-1 accuracy on the tokens that follow from the ones before (the rest of the path). */
  teacherForcedRest: number;
  /** The nextTokenAccuracy of a model that gets all but the decisions right and guesses those (1/degree). */
  nextTokenCeiling: number;
}

export interface Generation {
  promptText: string;
  outputText: string;
  truthText: string;
  correct: boolean;
}

export interface TopK {
  token: string;
  prob: number;
}

/** What each register of one example predicts (Prediction horizons panel). */
export interface HorizonSample {
  tokens: string[];
  kinds: TokenKindName[];
  positions: number[];
  /** Each register's prediction; for a method without registers that looks ahead through extra output heads, each
   * answer position's prediction through each of them (index: the position, offset: how far ahead). */
  registers: {
    index: number;
    offset: number;
    targetIndex: number;
    targetToken: string | null;
    topk: TopK[];
  }[];
}

/** Attention probabilities of one example, layer and head: probs[q * T + k]. */
export interface AttentionSnapshot {
  layer: number;
  head: number;
  example: number;
  tokens: string[];
  kinds: TokenKindName[];
  probs: Float32Array;
}

export type RunStatus = 'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'error';

export interface RunProgress {
  step: number;
  totalSteps: number;
  stepsPerSec: number;
  etaSec: number;
}

/** The final summary a run ends with (CLI JSON, saved runs). */
export interface RunSummary {
  method: MethodKind;
  steps: number;
  finalLoss: number;
  /** The last evaluation's exact match; null for a run never evaluated (imported from PyTorch without its weights). */
  testAccuracy: number | null;
  wallMs: number;
  tokens: number;
  parameterOverhead: number;
}
