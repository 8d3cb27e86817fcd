// Orchestration of the whole model (llm.c's gpt2_forward / gpt2_backward): which layer runs on which buffers, in
// which order. Built once per engine; a step records these lists. No layer math here.
//   x0 = embed(ids)                                      [N, C]
//   h_L = block_{L-1}(... block_0(x0))                   trunk 'layers.l'
//   head 0: logits_0 = rms(h_L; finalNorm)·lmHead;  head h > 0: logits_h = rms(block_{heads.h-1}(h_L))·lmHead
//   (forward runs embedding, trunk and head 0 first: that prefix is also inference's whole forward)
//   sequential heads (DeepSeek-V3 MTP): head h's block reads x'_h = mtpInput(h_{h-1}, Emb(ids shifted h)) with
//   h_0 = h_L, h_h its block's output, and attends with the batch shifted h tokens (mtpInputLayer.ts)
//   backward: heads (head 0 writes dres, head h adds its block's input gradient; sequential heads last to first,
//   each passing its hidden state's gradient to the one before through dchain), trunk blocks in reverse, embedding
import type { PreparedDispatch } from '../gpu/recorder';
import { outputHeads, type RunModelConfig } from '../model/methodTensors';
import type { Activations, MtpActivations } from './activations';
import { blockMask, type BatchSlices } from './batchBuffers';
import { mtpInputBackward, mtpInputForward } from './mtpInputLayer';
import { batchAttention, blockBackward, blockForward, blockShape } from './blockLayer';
import type { EngineKernels } from './kernels';
import { outputBackward, outputForward, outputLoss } from './outputLayer';
import { blockPrefixes, type FlatTensors } from './parameters';
import type { HalfWeights } from './halfWeights';

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
  half: HalfWeights | null,
): Promise<ModelPlan> {
  const shape = blockShape(config, N, half !== null);
  const prefixes = blockPrefixes(config);
  /** Block i's tensors; with f16 weights, its projections bound as their f16 copies. */
  const weights = (i: number) => (half ? half.block(prefixes[i], params.block(prefixes[i])) : params.block(prefixes[i]));
  const L = config.nLayers, H = outputHeads(config);
  const { blocks, heads, scratch, mtp } = acts;
  /** Input of block i: x0, the previous trunk block's output, or for the extra heads h_L (or their MTP input). */
  const blockInput = (i: number) => (i === 0 ? acts.x0 : i < L ? blocks[i - 1].out : mtp ? mtp.inputs[i - L].x : blocks[L - 1].out).binding;
  /** Input of output head h's final norm; for a sequential head h + 1 also the hidden state its MTP input reads. */
  const headInput = (h: number) => blocks[h === 0 ? L - 1 : L + h - 1].out.binding;
  const maskOf = (i: number) => blockMask(batch, L, i);
  /** What extra head h's MTP input (sequential heads) reads and writes. */
  const mtpIn = (h: number, m: MtpActivations) => ({ prefix: prefixes[L + h - 1], hidden: headInput(h - 1), a: m.inputs[h - 1], view: batch.shifted[h - 1] });

  const block = (i: number) => blockForward(k, shape, weights(i), blockInput(i), blocks[i], batch.positions.binding, batchAttention(k, maskOf(i), blocks[i].stats.binding));
  const output = (h: number) => outputForward(k, config, N, params, headInput(h), heads[h]);
  // Every layer's dispatches are asked for at once, so the pipelines they need (matmuls of every shape) compile side
  // by side; the lists are put together in order afterwards.
  const buildForward = async () => {
    const mtpForward = (h: number, a: MtpActivations) => {
      const m = mtpIn(h, a);
      return mtpInputForward(k, shape, params, m.prefix, m.hidden, m.a, m.view);
    };
    const extraHead = async (h: number) => (await Promise.all([mtp ? mtpForward(h, mtp) : [], block(L + h - 1), output(h)])).flat();
    const [trunk, head0, extra] = await Promise.all([
      Promise.all(Array.from({ length: L }, (_, i) => block(i))),
      output(0),
      Promise.all(Array.from({ length: H - 1 }, (_, i) => extraHead(i + 1))),
    ]);
    const inference: PreparedDispatch[] = [...k.embed.forward(batch.ids.binding, params, acts.x0.binding), ...trunk.flat(), ...head0];
    return { inference, forward: [...inference, ...extra.flat()] };
  };

  const loss = (gradient: boolean) => heads.flatMap((a, h) => outputLoss(k, a, batch, h, acts.lossSums.binding, acts.lossReport.binding, gradient));

  const buildBackward = async () => {
    const dres = scratch.dres.binding, dresHead = scratch.dresHead.binding;
    const headScratch = { dxn: scratch.dxn.binding, discard: scratch.discard?.binding };
    const mtpBackward = (h: number, a: MtpActivations) => {
      const m = mtpIn(h, a);
      // Head 1 reads h_L: its hidden gradient joins the trunk's; a later head's goes to the head before it.
      const dHidden = h === 1 ? dres : a.dchain.binding;
      return mtpInputBackward(k, shape, params, grads, m.prefix, m.hidden, m.a, m.view, dresHead, { dxn: scratch.dxn.binding, demb: a.demb.binding }, dHidden, h === 1);
    };
    /** Extra head h's backward: its output head, then its block, then where its input gradient goes. */
    const extraHead = async (h: number) => {
      const i = L + h - 1;
      const [out, blockBack, input] = await Promise.all([
        outputBackward(k, config, N, params, grads, headInput(h), heads[h], headScratch, dresHead, false),
        blockBackward(k, shape, weights(i), grads.blockGradients(prefixes[i]), blockInput(i), blocks[i], scratch, dresHead, maskOf(i)),
        mtp ? mtpBackward(h, mtp) : null,
      ]);
      const chain = mtp && h < H - 1 ? k.residualAdd.bind(dresHead, mtp.dchain.binding, dresHead) : [];
      return [...out, ...chain, ...blockBack, ...(input ?? k.residualAdd.bind(dres, dresHead, dres))];
    };
    // Sequential heads last to first: each needs the gradient the head after it sent back to its hidden state.
    const extra = Array.from({ length: H - 1 }, (_, i) => (mtp ? H - 1 - i : i + 1));
    const parts = await Promise.all([
      outputBackward(k, config, N, params, grads, headInput(0), heads[0], headScratch, dres, false),
      ...extra.map(extraHead),
      ...Array.from({ length: L }, (_, j) => L - 1 - j).map((i) => blockBackward(k, shape, weights(i), grads.blockGradients(prefixes[i]), blockInput(i), blocks[i], scratch, dres, batch)),
    ]);
    return [...parts.flat(), ...k.embed.backward(dres, batch.rowStart.binding, batch.tokenList.binding, grads)];
  };
  // Forward and backward are built side by side: their pipelines (different matmul shapes) compile together.
  const [{ inference, forward }, backward] = await Promise.all([buildForward(), buildBackward()]);
  return { forward, inference, lossWithGradient: loss(true), lossOnly: loss(false), backward };
}
