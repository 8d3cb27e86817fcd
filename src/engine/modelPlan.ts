// Orchestration of the whole model (llm.c's gpt2_forward / gpt2_backward): which layer runs on which buffers, in
// which order. Built once per engine; a step records these lists. No layer math here.
//   x0 = embed(ids)                                      [N, C]
//   h_L = block_{L-1}(... block_0(x0))                   trunk 'layers.l'
//   head 0: logits_0 = rms(h_L; finalNorm)·lmHead;  head h > 0: logits_h = rms(block_{heads.h-1}(h_L))·lmHead
//   (forward runs embedding, trunk and head 0 first: that prefix is also inference's whole forward)
//   the extra heads run in stacks (headStacks.ts): the parallel heads as one stack of S heads whose input is h_L
//   tiled S times, each of its kernels one dispatch for all of them; sequential heads (DeepSeek-V3 MTP) one at a
//   time: head h's block reads x'_h = mtpInput(h_{h-1}, Emb(ids shifted h)) with h_0 = h_L, h_h its block's output,
//   and attends with the batch shifted h tokens (mtpInputLayer.ts)
//   backward: head 0 writes dres; a stack adds its blocks' input gradients into it (the parallel stack's S slices
//   summed; sequential heads last to first, each passing its hidden state's gradient to the one before through
//   dchain), then the trunk blocks in reverse, then the embedding
import type { PreparedDispatch } from '../gpu/recorder';
import type { RunModelConfig } from '../model/methodTensors';
import type { Activations, MtpActivations } from './activations';
import { stackView, type BatchSlices } from './batchBuffers';
import { mtpInputBackward, mtpInputForward } from './mtpInputLayer';
import { batchAttention, blockBackward, blockForward, blockShape } from './blockLayer';
import { headStacks, type HeadStack } from './headStacks';
import type { BlockKernels, EngineKernels } from './kernels';
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

/** The kernels of a head stack's block (`block`) and of its output heads (`output`): the engine's for one head. */
export function stackKernels(k: EngineKernels, st: HeadStack): { block: BlockKernels; output: BlockKernels } {
  if (st.size === 1) return { block: k, output: k };
  if (!k.stack || k.stack.S !== st.size) throw new Error(`model plan: no kernels for a stack of ${st.size} heads`);
  return k.stack;
}

/** The extra heads' tensor prefixes of a stack ('heads.h-1' for output head h). */
const headPrefixes = (st: HeadStack) => Array.from({ length: st.size }, (_, i) => `heads.${st.first + i - 1}`);

export async function buildModelPlan(
  k: EngineKernels, config: RunModelConfig, N: number, params: FlatTensors, grads: FlatTensors, acts: Activations, batch: BatchSlices,
  half: HalfWeights | null,
): Promise<ModelPlan> {
  const halfB = half !== null;
  /** The tensors of the block with this prefix; with f16 weights, its projections bound as their f16 copies. */
  const weights = (prefix: string) => (half ? half.block(prefix, params.block(prefix)) : params.block(prefix));
  const L = config.nLayers, stacks = headStacks(config, N), prefixes = blockPrefixes(config);
  const { blocks, scratch, mtp } = acts;
  const hL = blocks[L - 1].out.binding;
  const trunkInput = (i: number) => (i === 0 ? acts.x0 : blocks[i - 1].out).binding;
  /** Stack i's block input: h_L tiled (a stack of several heads), its MTP input (sequential), or h_L. */
  const stackInput = (i: number) => acts.stacks[i].input?.binding ?? (mtp ? mtp.inputs[stacks[i].first - 1].x.binding : hL);
  /** What stack i's output heads read: h_L (head 0) or the stack's blocks' outputs. */
  const headInput = (i: number) => acts.stacks[i].block?.out.binding ?? hL;
  const blockOf = (i: number) => {
    const b = acts.stacks[i].block;
    if (!b) throw new Error(`model plan: head stack ${i} has no block`);
    return b;
  };
  const shapeOf = (st: HeadStack) => blockShape(config, N, halfB, st.size);
  /** What sequential head h's MTP input reads and writes (its stack is stack h). */
  const mtpIn = (h: number, m: MtpActivations) => ({ prefix: `heads.${h - 1}`, hidden: headInput(h - 1), a: m.inputs[h - 1], view: batch.shifted[h - 1] });

  const trunkShape = blockShape(config, N, halfB);
  const trunkBlock = (i: number) => blockForward(k, trunkShape, [weights(prefixes[i])], trunkInput(i), blocks[i], batch.positions.binding, batchAttention(k, batch, blocks[i].stats.binding));
  const output = (i: number) => outputForward(stackKernels(k, stacks[i]).output, config, stacks[i].size * N, params, headInput(i), acts.stacks[i].out);
  // Every layer's dispatches are asked for at once, so the pipelines they need (matmuls of every shape) compile side
  // by side; the lists are put together in order afterwards.
  const buildForward = async () => {
    /** Sequential head h's MTP input (its stack's block reads it). */
    const mtpForward = (h: number, a: MtpActivations) => {
      const m = mtpIn(h, a);
      return mtpInputForward(k, trunkShape, params, m.prefix, m.hidden, m.a, m.view);
    };
    const extraStack = async (i: number) => {
      const st = stacks[i], kk = stackKernels(k, st), view = stackView(batch, st), a = blockOf(i);
      const input = acts.stacks[i].input;
      const tile = input ? k.stack!.tile.bind(hL, input.binding) : [];
      const [mtpInput, block, out] = await Promise.all([
        mtp ? mtpForward(st.first, mtp) : [],
        blockForward(kk.block, shapeOf(st), headPrefixes(st).map(weights), stackInput(i), a, view.positions.binding, batchAttention(kk.block, view, a.stats.binding)),
        output(i),
      ]);
      return [...tile, ...mtpInput, ...block, ...out];
    };
    const [trunk, head0, extra] = await Promise.all([
      Promise.all(Array.from({ length: L }, (_, i) => trunkBlock(i))),
      output(0),
      Promise.all(stacks.slice(1).map((_, j) => extraStack(j + 1))),
    ]);
    const inference: PreparedDispatch[] = [...k.embed.forward(batch.ids.binding, params, acts.x0.binding), ...trunk.flat(), ...head0];
    return { inference, forward: [...inference, ...extra.flat()] };
  };

  const loss = (gradient: boolean) => acts.stacks.flatMap((a, i) => outputLoss(stackKernels(k, stacks[i]).output, a.out, batch, batch.stacks[i], acts.lossSums.binding, acts.lossReport.binding, gradient));

  const buildBackward = async () => {
    const dres = scratch.dres.binding, dresHead = scratch.dresHead.binding;
    const headScratch = { dxn: scratch.dxn.binding, discard: scratch.discard?.binding };
    const mtpBackward = (h: number, a: MtpActivations) => {
      const m = mtpIn(h, a);
      // Head 1 reads h_L: its hidden gradient joins the trunk's; a later head's goes to the head before it.
      const dHidden = h === 1 ? dres : a.dchain.binding;
      return mtpInputBackward(k, trunkShape, params, grads, m.prefix, m.hidden, m.a, m.view, dresHead, { dxn: scratch.dxn.binding, demb: a.demb.binding }, dHidden, h === 1);
    };
    /** Stack i's backward: its output heads, then its blocks, then where their input gradient goes. */
    const extraStack = async (i: number) => {
      const st = stacks[i], kk = stackKernels(k, st), ps = headPrefixes(st);
      const [out, blockBack, input] = await Promise.all([
        outputBackward(kk.output, config, st.size * N, params, grads, headInput(i), acts.stacks[i].out, headScratch, dresHead, false),
        blockBackward(kk.block, shapeOf(st), ps.map(weights), ps.map((p) => grads.blockGradients(p)), stackInput(i), blockOf(i), scratch, dresHead, stackView(batch, st)),
        mtp ? mtpBackward(st.first, mtp) : null,
      ]);
      const chain = mtp && st.first < stacks.length - 1 ? k.residualAdd.bind(dresHead, mtp.dchain.binding, dresHead) : [];
      const join = input ?? (st.size > 1 ? k.stack!.sumSlices.bind(dresHead, dres) : k.residualAdd.bind(dres, dresHead, dres));
      return [...out, ...chain, ...blockBack, ...join];
    };
    // Sequential heads last to first: each needs the gradient the head after it sent back to its hidden state.
    const extra = Array.from({ length: stacks.length - 1 }, (_, j) => (mtp ? stacks.length - 1 - j : j + 1));
    const parts = await Promise.all([
      outputBackward(k, config, N, params, grads, hL, acts.stacks[0].out, headScratch, dres, false),
      ...extra.map(extraStack),
      ...Array.from({ length: L }, (_, j) => L - 1 - j).map((i) => blockBackward(k, trunkShape, [weights(prefixes[i])], [grads.blockGradients(prefixes[i])], trunkInput(i), blocks[i], scratch, dres, batch)),
    ]);
    return [...parts.flat(), ...k.embed.backward(dres, batch.rowStart.binding, batch.tokenList.binding, grads)];
  };
  // Forward and backward are built side by side: their pipelines (different matmul shapes) compile together.
  const [{ inference, forward }, backward] = await Promise.all([buildForward(), buildBackward()]);
  return { forward, inference, lossWithGradient: loss(true), lossOnly: loss(false), backward };
}
