// Training sequences and batches for any method: the registry's module lays out each example, src/mutor packs them.
import type { Batch } from '../model/batch';
import type { ModelConfig } from '../model/config';
import { packBatch } from '../mutor/packBatch';
import type { PromptAnswer, SequenceLayout } from '../mutor/sequence';
import type { Rng } from '../util/random';
import { methodOf, type MethodConfig } from './registry';

/** One example laid out by its method; `d` is the offset for methods with offsets (ignored otherwise). */
export function layoutSequence(example: PromptAnswer, method: MethodConfig, d: number, vocabSize: number, rng?: Rng): SequenceLayout {
  return methodOf(method.kind).layout(example, method, d, vocabSize, rng);
}

export interface BuildOptions {
  /** Pad to this length instead of the longest sequence. */
  T?: number;
  /** Use this offset for every sequence instead of drawing one per sequence (methods with offsets only). */
  d?: number;
}

/** A training batch: per sequence, d drawn from rng (methods with offsets), then the method's layout, then padding. */
export function buildBatch(examples: PromptAnswer[], method: MethodConfig, config: ModelConfig, rng: Rng, opts: BuildOptions = {}): Batch {
  const m = methodOf(method.kind);
  const layouts = examples.map((e) => {
    const d = m.offsets ? (opts.d ?? m.offsets.draw(method, rng)) : 0;
    return m.layout(e, method, d, config.vocabSize, rng);
  });
  return packBatch(layouts, m.groupCoefficients(method), config, opts.T);
}

/** The examples as the trained model sees them at inference, with their targets (evaluation's teacher forcing). */
export function buildInferenceLayoutBatch(examples: PromptAnswer[], method: MethodConfig, config: ModelConfig, T?: number): Batch {
  const m = methodOf(method.kind);
  return packBatch(examples.map((e) => m.inferenceLayout(e, method, config.vocabSize)), m.groupCoefficients(method), config, T);
}

