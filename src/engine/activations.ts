// Every activation of a training step in one arena (llm.c style): what the forward saves per block and per output
// head for the backward, and the backward's scratch, which every block reuses in turn.
// Shapes: N = B·T tokens, C = dModel, F = dFF, V = vocabSize, nh heads, r LoRA rank; the output heads run in stacks
// (headStacks.ts): a stack of S heads keeps its block's and its logits' activations as one model's of S·N rows, and
// the backward scratch has the rows of the largest stack (the trunk's blocks use its first N).
import type { GpuContext } from '../gpu/context';
import { outputHeads, sequentialHeads, type RunModelConfig } from '../model/methodTensors';
import { Arena, type ArenaSlice } from './arena';
import { headStacks, largestStack, type HeadStack } from './headStacks';

/** What one transformer block saves (its input x belongs to whoever produced it). */
export interface BlockActivations {
  xn1: ArenaSlice; // [N, C] rms(x)·attnNorm
  rinv1: ArenaSlice; // [N]
  q: ArenaSlice; // [N, C] after RoPE
  k: ArenaSlice; // [N, C] after RoPE
  v: ArenaSlice; // [N, C]
  ya: ArenaSlice; // [N, C] attention output before Wo
  stats: ArenaSlice; // [B·nh·T] logsumexp per query and head
  x1: ArenaSlice; // [N, C] x + ya·Wo
  xn2: ArenaSlice; // [N, C] rms(x1)·mlpNorm
  rinv2: ArenaSlice; // [N]
  gate: ArenaSlice; // [N, F]
  up: ArenaSlice; // [N, F]
  hid: ArenaSlice; // [N, F] silu(gate)·up
  out: ArenaSlice; // [N, C] x1 + hid·Wdown
  /** [N, r] u = s·(x·A) of the LoRA adapter being applied (adapterLayer.ts), shared by every adapter of every block
   * (the backward recomputes it); null without adapters and in an extra head's block. */
  adapterU: ArenaSlice | null;
}

/** What a block's forward writes, the attention's statistics aside (all the KV-cache decoder keeps per block). */
export type BlockForwardActivations = Omit<BlockActivations, 'stats'>;

/** One output head: final norm of its hidden state, logits (replaced by dlogits in a training step). */
export interface HeadActivations {
  xn: ArenaSlice; // [N, C]
  rinv: ArenaSlice; // [N]
  logits: ArenaSlice; // [N, V]
  rowLoss: ArenaSlice; // [N] w·ce
}

/** What an output head's forward writes (the loss aside). */
export type HeadOutput = Omit<HeadActivations, 'rowLoss'>;

/** The input of a sequential MTP head's block (src/engine/mtpInputLayer.ts). */
export interface MtpInputActivations {
  e: ArenaSlice; // [N, C] Emb(ids shifted k)
  en: ArenaSlice; // [N, C] rms(e)·embNorm
  erinv: ArenaSlice; // [N]
  hn: ArenaSlice; // [N, C] rms(h)·hiddenNorm
  hrinv: ArenaSlice; // [N]
  x: ArenaSlice; // [N, C] hn·wHidden + en·wEmb, the block's input
}

/** Sequential heads: each one's input, and the backward's scratch between them. */
export interface MtpActivations {
  inputs: MtpInputActivations[];
  dchain: ArenaSlice; // [N, C] gradient of the hidden state the next head read
  demb: ArenaSlice; // [N, C] gradient of e
}

/** One head stack of S heads (headStacks.ts), its rows head-major. */
export interface StackActivations {
  /** [S·N, C] h_L repeated S times, the block input of a stack of S > 1 parallel heads (null otherwise). */
  input: ArenaSlice | null;
  /** The heads' blocks at S·N rows, stats [S·B·nh·T] (null: head 0's stack, which reads the trunk). */
  block: BlockActivations | null;
  /** The heads' final norm, logits and row losses at S·N rows. */
  out: HeadActivations;
}

/** Backward scratch, reused by every block; S = the largest head stack. */
export interface BackwardScratch {
  dres: ArenaSlice; // [N, C] gradient of the trunk's residual stream
  dresHead: ArenaSlice; // [S·N, C] gradient of a head stack's residual stream
  dxn: ArenaSlice; // [S·N, C] gradient of a norm's output
  dya: ArenaSlice; // [S·N, C]
  dq: ArenaSlice; // [S·N, C]
  dk: ArenaSlice; // [S·N, C]
  dv: ArenaSlice; // [S·N, C]
  dhid: ArenaSlice; // [S·N, F]
  dgate: ArenaSlice; // [S·N, F]
  dup: ArenaSlice; // [S·N, F]
  /** [N, r] an adapter's du (LoRA only). */
  du: ArenaSlice | null;
  /** [C] where a frozen norm gain's gradient goes (LoRA only: written, never read). */
  discard: ArenaSlice | null;
}

export interface Activations {
  arena: Arena;
  x0: ArenaSlice; // [N, C] embedding output
  /** Trunk blocks 0..L-1. */
  blocks: BlockActivations[];
  /** Per head stack, in head order (stack 0: head 0). */
  stacks: StackActivations[];
  /** Sequential (DeepSeek-V3 MTP) heads only. */
  mtp: MtpActivations | null;
  scratch: BackwardScratch;
  /** [2G] loss sums and [1 + 2G] loss report (see crossEntropy.ts). */
  lossSums: ArenaSlice;
  lossReport: ArenaSlice;
  /** [T, T] attention probabilities of one (example, head), on request. */
  probs: ArenaSlice;
}

/** The [N, r] slice every LoRA adapter computes u in (null without adapters). */
export function takeAdapterU(arena: Arena, N: number, config: RunModelConfig): ArenaSlice | null {
  return config.lora ? arena.take('adapter u', N * config.lora.rank) : null;
}

/** Reserves a block's forward activations for N tokens in `arena`, names prefixed by p; `adapterU`: the adapters'
 * shared scratch for a trunk block of a run with LoRA, else null. */
export function takeBlockForward(arena: Arena, p: string, N: number, config: RunModelConfig, adapterU: ArenaSlice | null): BlockForwardActivations {
  const C = config.dModel, F = config.dFF;
  const take = (name: string, size: number) => arena.take(`${p}.${name}`, size);
  // q, k, v and gate, up back to back: each set is written by one batched matmul.
  const xn1 = take('xn1', N * C), rinv1 = take('rinv1', N), qkv = arena.takeRun(p, ['q', 'k', 'v'], N * C);
  const ya = take('ya', N * C), x1 = take('x1', N * C), xn2 = take('xn2', N * C), rinv2 = take('rinv2', N);
  const gateUp = arena.takeRun(p, ['gate', 'up'], N * F);
  return { xn1, rinv1, ...qkv, ya, x1, xn2, rinv2, ...gateUp, hid: take('hid', N * F), out: take('out', N * C), adapterU };
}

/** Reserves an output head's forward activations for N tokens in `arena`, names prefixed by p. */
export function takeHeadOutput(arena: Arena, p: string, N: number, config: RunModelConfig): HeadOutput {
  return { xn: arena.take(`${p}.xn`, N * config.dModel), rinv: arena.take(`${p}.rinv`, N), logits: arena.take(`${p}.logits`, N * config.vocabSize) };
}

/** Every slice of a training step's activations, reserved but not allocated (memoryEstimate.ts sizes it from this). */
export function planActivations(config: RunModelConfig, B: number, T: number, G: number, reportFloats: number): Activations {
  const N = B * T, C = config.dModel, F = config.dFF;
  const arena = new Arena('activations');
  const take = (name: string, size: number) => arena.take(name, size);
  const adapterU = takeAdapterU(arena, N, config);
  /** A block at S·N rows (S heads of a stack, or 1: a trunk block). */
  const block = (p: string, S: number, u: ArenaSlice | null): BlockActivations => ({ ...takeBlockForward(arena, p, S * N, config, u), stats: take(`${p}.stats`, S * B * config.nHeads * T) });
  const mtpInput = (p: string): MtpInputActivations => ({
    e: take(`${p}.e`, N * C), en: take(`${p}.en`, N * C), erinv: take(`${p}.erinv`, N),
    hn: take(`${p}.hn`, N * C), hrinv: take(`${p}.hrinv`, N), x: take(`${p}.x`, N * C),
  });
  const heads = headStacks(config, N), S = largestStack(heads);
  const stack = (st: HeadStack, i: number): StackActivations => {
    const rows = st.size * N, p = `stack${i}`;
    return {
      input: st.size > 1 ? take(`${p}.input`, rows * C) : null,
      block: st.hasBlock ? block(p, st.size, null) : null,
      out: { ...takeHeadOutput(arena, p, rows, config), rowLoss: take(`${p}.rowLoss`, rows) },
    };
  };
  const acts: Activations = {
    arena,
    x0: take('x0', N * C),
    blocks: Array.from({ length: config.nLayers }, (_, l) => block(`layers.${l}`, 1, adapterU)),
    stacks: heads.map(stack),
    scratch: {
      dres: take('dres', N * C), dresHead: take('dresHead', S * N * C), dxn: take('dxn', S * N * C), dya: take('dya', S * N * C),
      ...arena.takeRun('', ['dq', 'dk', 'dv'], S * N * C),
      dhid: take('dhid', S * N * F), ...arena.takeRun('', ['dgate', 'dup'], S * N * F),
      du: config.lora ? take('du', N * config.lora.rank) : null, discard: config.lora ? take('discard', C) : null,
    },
    mtp: sequentialHeads(config)
      ? { inputs: Array.from({ length: outputHeads(config) - 1 }, (_, i) => mtpInput(`mtp${i}`)), dchain: take('dchain', N * C), demb: take('demb', N * C) }
      : null,
    lossSums: take('lossSums', 2 * G),
    lossReport: take('lossReport', reportFloats),
    probs: take('probs', T * T),
  };
  return acts;
}

export function allocateActivations(ctx: GpuContext, config: RunModelConfig, B: number, T: number, G: number, reportFloats: number): Activations {
  const acts = planActivations(config, B, T, G, reportFloats);
  acts.arena.allocate(ctx);
  return acts;
}
