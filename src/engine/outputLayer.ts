// One output head on the GPU: final norm, LM head and the grouped cross-entropy, as a forward/backward pair.
// Every head shares finalNorm and the LM head (tokenEmbeddingᵀ when tied); head h is scored against targets[h].
//   xn = rms(hin; finalNorm)      logits[N, V] = xn·lmHead  (tied: xn·Eᵀ, E [V, C])
//   loss: rowLoss = w·ce, logits ← dlogits (training), group sums added into lossSums, report rewritten
// Shapes: N rows (B·T in training, S·B·T for a stack of S heads, B in a KV-cache decode step), C = dModel,
// V = vocabSize.
import type { PreparedDispatch } from '../gpu/recorder';
import type { ModelConfig } from '../model/config';
import type { HeadActivations, HeadOutput } from './activations';
import type { BatchSlices, StackTargets } from './batchBuffers';
import type { BlockKernels, TokenKernels } from './kernels';
import type { FlatTensors } from './parameters';

/** logits of head h from its hidden state hin[N, C]. */
export async function outputForward(k: TokenKernels, config: ModelConfig, N: number, params: FlatTensors, hin: GPUBufferBinding, a: HeadOutput): Promise<PreparedDispatch[]> {
  const C = config.dModel, V = config.vocabSize;
  const logits = await k.matmul({ M: N, N: V, K: C, transB: config.tieEmbeddings });
  return [
    ...k.rmsnorm.bindForward(hin, params.tensor('finalNorm'), a.xn.binding, a.rinv.binding),
    ...logits.bind(a.xn.binding, params.lmHead(), a.logits.binding),
  ];
}

/** Loss of a head stack's rows (and, with `gradient`, dlogits in place of its logits); sums accumulate over stacks and
 * micro-batches. */
export function outputLoss(k: BlockKernels, a: HeadActivations, batch: BatchSlices, t: StackTargets, sums: GPUBufferBinding, report: GPUBufferBinding, gradient: boolean): PreparedDispatch[] {
  const rows = [t.targets.binding, t.weights.binding, t.groups.binding, batch.lossParams.binding, a.rowLoss.binding] as const;
  return [
    ...k.crossEntropy.bindForward(a.logits.binding, ...rows, gradient),
    ...k.crossEntropy.bindReduce(sums, ...rows, report, true),
  ];
}

/**
 * dhin[N, C] = (or += when accumulate) the gradient of the head's input; LM head and finalNorm gradients += unless
 * they are frozen (LoRA): then no LM head gradient is computed and finalNorm's goes to scratch.discard.
 */
export async function outputBackward(
  k: BlockKernels, config: ModelConfig, N: number, params: FlatTensors, grads: FlatTensors, hin: GPUBufferBinding,
  a: HeadActivations, scratch: { dxn: GPUBufferBinding; discard?: GPUBufferBinding }, dhin: GPUBufferBinding, accumulate: boolean,
): Promise<PreparedDispatch[]> {
  const C = config.dModel, V = config.vocabSize, tied = config.tieEmbeddings, dxn = scratch.dxn;
  const trainedHead = grads.has(params.lmHeadName);
  const dFinalNorm = grads.has('finalNorm') ? grads.tensor('finalNorm') : scratch.discard;
  if (!dFinalNorm) throw new Error('output backward: a frozen finalNorm without a discard scratch');
  // dxn[N, C] = dlogits[N, V]·E[V, C] (tied) or dlogits·lmHeadᵀ (lmHead [C, V]).
  // tied: dE[V, C] += dlogitsᵀ·xn;  untied: dlmHead[C, V] += xnᵀ·dlogits. Compiled side by side.
  const [dInput, dWeight] = await Promise.all([
    k.matmul({ M: N, N: C, K: V, transB: !tied }),
    tied ? k.matmul({ M: V, N: C, K: N, transA: true, accumulate: true }) : k.matmul({ M: C, N: V, K: N, transA: true, accumulate: true }),
  ]);
  return [
    ...dInput.bind(a.logits.binding, params.lmHead(), dxn),
    ...(!trainedHead ? [] : tied ? dWeight.bind(a.logits.binding, a.xn.binding, grads.lmHead()) : dWeight.bind(a.xn.binding, a.logits.binding, grads.lmHead())),
    ...k.rmsnorm.bindBackward(dxn, hin, params.tensor('finalNorm'), a.rinv.binding, dhin, dFinalNorm, accumulate),
  ];
}
