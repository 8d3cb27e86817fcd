// Every activation of a training step in one arena (llm.c style): what the forward saves per block and per output
// head for the backward, and the backward's scratch, which every block reuses in turn.
// Shapes: N = B·T tokens, C = dModel, F = dFF, V = vocabSize, nh heads, H = 1 + nExtraHeads output heads.
import type { GpuContext } from '../gpu/context';
import type { ModelConfig } from '../model/config';
import { Arena, type ArenaSlice } from './arena';
import { blockPrefixes } from './parameters';

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
}

/** One output head: final norm of its hidden state, logits (replaced by dlogits in a training step). */
export interface HeadActivations {
  xn: ArenaSlice; // [N, C]
  rinv: ArenaSlice; // [N]
  logits: ArenaSlice; // [N, V]
  rowLoss: ArenaSlice; // [N] w·ce
}

/** Backward scratch, reused by every block. */
export interface BackwardScratch {
  dres: ArenaSlice; // [N, C] gradient of the trunk's residual stream
  dresHead: ArenaSlice; // [N, C] gradient of an extra head block's residual stream
  dxn: ArenaSlice; // [N, C] gradient of a norm's output
  dya: ArenaSlice; // [N, C]
  dq: ArenaSlice; // [N, C]
  dk: ArenaSlice; // [N, C]
  dv: ArenaSlice; // [N, C]
  dhid: ArenaSlice; // [N, F]
  dgate: ArenaSlice; // [N, F]
  dup: ArenaSlice; // [N, F]
}

export interface Activations {
  arena: Arena;
  x0: ArenaSlice; // [N, C] embedding output
  /** Trunk blocks 0..L-1, then the extra heads' blocks. */
  blocks: BlockActivations[];
  heads: HeadActivations[];
  scratch: BackwardScratch;
  /** [2G] loss sums and [1 + 2G] loss report (see crossEntropy.ts). */
  lossSums: ArenaSlice;
  lossReport: ArenaSlice;
  /** [T, T] attention probabilities of one (example, head), on request. */
  probs: ArenaSlice;
}

export function allocateActivations(ctx: GpuContext, config: ModelConfig, B: number, T: number, G: number, reportFloats: number): Activations {
  const N = B * T, C = config.dModel, F = config.dFF, V = config.vocabSize;
  const arena = new Arena('activations');
  const take = (name: string, size: number) => arena.take(name, size);
  const block = (p: string): BlockActivations => ({
    xn1: take(`${p}.xn1`, N * C), rinv1: take(`${p}.rinv1`, N), q: take(`${p}.q`, N * C), k: take(`${p}.k`, N * C),
    v: take(`${p}.v`, N * C), ya: take(`${p}.ya`, N * C), stats: take(`${p}.stats`, B * config.nHeads * T),
    x1: take(`${p}.x1`, N * C), xn2: take(`${p}.xn2`, N * C), rinv2: take(`${p}.rinv2`, N),
    gate: take(`${p}.gate`, N * F), up: take(`${p}.up`, N * F), hid: take(`${p}.hid`, N * F), out: take(`${p}.out`, N * C),
  });
  const acts: Activations = {
    arena,
    x0: take('x0', N * C),
    blocks: blockPrefixes(config).map(block),
    heads: Array.from({ length: 1 + config.nExtraHeads }, (_, h) => ({
      xn: take(`out${h}.xn`, N * C), rinv: take(`out${h}.rinv`, N), logits: take(`out${h}.logits`, N * V), rowLoss: take(`out${h}.rowLoss`, N),
    })),
    scratch: {
      dres: take('dres', N * C), dresHead: take('dresHead', N * C), dxn: take('dxn', N * C), dya: take('dya', N * C),
      dq: take('dq', N * C), dk: take('dk', N * C), dv: take('dv', N * C),
      dhid: take('dhid', N * F), dgate: take('dgate', N * F), dup: take('dup', N * F),
    },
    lossSums: take('lossSums', 2 * G),
    lossReport: take('lossReport', reportFloats),
    probs: take('probs', T * T),
  };
  arena.allocate(ctx);
  return acts;
}
