// Orchestration of the whole model (llm.c's gpt2_forward / gpt2_backward): which layer runs on which buffers, in
// which order. Built once per engine; a step records these lists. No layer math here.
//   x0 = embed(ids)                                      [N, C]
//   h_L = block_{L-1}(... block_0(x0))                   trunk 'layers.l'
//   head 0: logits_0 = rms(h_L; finalNorm)·lmHead;  head h > 0: logits_h = rms(block_{heads.h-1}(h_L))·lmHead
//   (forward runs embedding, trunk and head 0 first: that prefix is also inference's whole forward)
//   backward: heads (head 0 writes dres, head h adds its block's input gradient), trunk blocks in reverse, embedding
import type { PreparedDispatch } from '../gpu/recorder';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import type { Activations } from './activations';
import type { BatchSlices } from './batchBuffers';
import { batchAttention, blockBackward, blockForward, blockShape } from './blockLayer';
import type { EngineKernels } from './kernels';
import { outputBackward, outputForward, outputLoss } from './outputLayer';
import { blockPrefixes, type FlatTensors } from './parameters';

export interface ModelPlan {
  forward: PreparedDispatch[];
  /** The start of forward: embedding, trunk and head 0's logits, no extra heads (the KV-cache decoder's prefill). */
  inference: PreparedDispatch[];
  /** Loss with dlogits in place of the logits (training). */
  lossWithGradient: PreparedDispatch[];
  /** Loss only: the logits survive (evaluation). */
  lossOnly: PreparedDispatch[];
  backward: PreparedDispatch[];
}

export async function buildModelPlan(
  k: EngineKernels, config: RunModelConfig, N: number, params: FlatTensors, grads: FlatTensors, acts: Activations, batch: BatchSlices,
): Promise<ModelPlan> {
  const shape = blockShape(config, N);
  const prefixes = blockPrefixes(config);
  const L = config.nLayers, H = outputHeads(config);
  const { blocks, heads, scratch } = acts;
  /** Input of block i: x0, the previous trunk block's output, or h_L for the extra heads. */
  const blockInput = (i: number) => (i === 0 ? acts.x0 : i <= L ? blocks[i - 1].out : blocks[L - 1].out).binding;
  /** Input of output head h's final norm. */
  const headInput = (h: number) => blocks[h === 0 ? L - 1 : L + h - 1].out.binding;

  const block = (i: number) => blockForward(k, shape, params.block(prefixes[i]), blockInput(i), blocks[i], batch.positions.binding, batchAttention(k, batch, blocks[i].stats.binding));
  const output = (h: number) => outputForward(k, config, N, params, headInput(h), heads[h]);
  const buildForward = async () => {
    const inference: PreparedDispatch[] = [...k.embedding.bindForward(batch.ids.binding, params.embeddingTable(), acts.x0.binding)];
    for (let i = 0; i < L; i++) inference.push(...(await block(i)));
    inference.push(...(await output(0)));
    const forward = [...inference];
    for (let h = 1; h < H; h++) forward.push(...(await block(L + h - 1)), ...(await output(h)));
    return { inference, forward };
  };

  const loss = (gradient: boolean) => heads.flatMap((a, h) => outputLoss(k, a, batch, h, acts.lossSums.binding, acts.lossReport.binding, gradient));

  const buildBackward = async () => {
    const backward: PreparedDispatch[] = [];
    const dres = scratch.dres.binding, dresHead = scratch.dresHead.binding;
    for (let h = 0; h < H; h++) {
      backward.push(...(await outputBackward(k, config, N, params, grads, headInput(h), heads[h], scratch.dxn.binding, h === 0 ? dres : dresHead, false)));
      if (h === 0) continue;
      const i = L + h - 1;
      backward.push(...(await blockBackward(k, shape, params.block(prefixes[i]), grads.block(prefixes[i]), blockInput(i), blocks[i], scratch, dresHead, batch)));
      backward.push(...k.residualAdd.bind(dres, dresHead, dres));
    }
    for (let i = L - 1; i >= 0; i--) {
      backward.push(...(await blockBackward(k, shape, params.block(prefixes[i]), grads.block(prefixes[i]), blockInput(i), blocks[i], scratch, dres, batch)));
    }
    backward.push(...k.embedding.bindBackward(dres, batch.rowStart.binding, batch.tokenList.binding, grads.embeddingTable()));
    return backward;
  };
  // Forward and backward are built side by side: their pipelines (different matmul shapes) compile together.
  const [{ inference, forward }, backward] = await Promise.all([buildForward(), buildBackward()]);
  return { forward, inference, lossWithGradient: loss(true), lossOnly: loss(false), backward };
}
