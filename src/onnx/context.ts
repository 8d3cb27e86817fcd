// Graph values computed once from the inputs and shared by every block:
//   mask      bool  [B, 1, T, T]  key k visible to query q  iff  (k <= q or k < prompt_len[b]) and attention_mask[b, k]
//   cos, sin  float [B, T, 1, hd] RoPE at position_ids, laid out per head dim (see ropeTables)
// plus the constants the blocks use (RoPE rotate-half gather/sign, reshape shapes, norm epsilon, attention scale).
import type { ModelConfig } from '../model/config';
import { headDim, positionComponents } from '../model/config';
import type { GraphBuilder } from './graph';
import { DataType } from './tensor';

export interface GraphContext {
  mask: string;
  cos: string;
  sin: string;
  /** int64 [hd]: the head dim each output dim of rotate-half reads. */
  ropeSource: string;
  /** float [hd]: -1 where rotate-half negates, +1 elsewhere. */
  ropeSign: string;
  /** int64 [4] = [0, 0, nh, hd]: [B, T, C] -> [B, T, nh, hd] (0 copies the input's dim). */
  headsShape: string;
  /** int64 [3] = [0, 0, C]: [B, T, nh, hd] -> [B, T, C]. */
  mergedShape: string;
  eps: string;
  scale: string;
  /** float scalar added in place of masked scores (finite: a row with no visible key stays NaN-free). */
  masked: string;
}

/**
 * Per head dim j: the RoPE section it belongs to (1D: one section of width hd; 2D: halves of width hd/2 driven by
 * position component 0 and 1), its frequency theta^(-2i/W) for pair i = j mod W/2, and the rotate-half source and
 * sign: out[j] = -x[j + W/2] in a section's first half, +x[j - W/2] in its second.
 */
export function ropeTables(config: ModelConfig): { freqs: number[]; source: number[]; sign: number[] } {
  const hd = headDim(config), P = positionComponents(config), W = hd / P, half = W / 2;
  const freqs = new Array<number>(P * hd).fill(0); // [P, hd]: row c drives the dims of section c
  const source: number[] = [], sign: number[] = [];
  for (let j = 0; j < hd; j++) {
    const c = Math.floor(j / W), i = (j - c * W) % half, first = j - c * W < half;
    freqs[c * hd + j] = Math.pow(config.ropeTheta, (-2 * i) / W);
    source.push(first ? j + half : j - half);
    sign.push(first ? -1 : 1);
  }
  return { freqs, source, sign };
}

function attentionMask(g: GraphBuilder): string {
  const shape = g.op('Shape', ['input_ids'], 'ctx/shape'); // [2] = (B, T)
  const T = g.op('Gather', [shape, g.ints('ctx/one', [], [1])], 'ctx/T'); // scalar
  const idx = g.op('Range', [g.ints('ctx/zero', [], [0]), T, 'ctx/one'], 'ctx/idx'); // [T]
  const col = g.op('Unsqueeze', [idx, g.ints('ctx/axes1', [1], [1])], 'ctx/qIdx'); // [T, 1]
  const causal = g.op('LessOrEqual', [idx, col], 'ctx/causal'); // [T, T]: k <= q
  const promptLen = g.op('Unsqueeze', ['prompt_len', 'ctx/axes1'], 'ctx/promptLen'); // [B, 1]
  const prefix = g.op('Less', [idx, promptLen], 'ctx/prefix'); // [B, T]: k < prompt_len
  const axes12 = g.ints('ctx/axes12', [2], [1, 2]);
  const prefixKeys = g.op('Unsqueeze', [prefix, axes12], 'ctx/prefixKeys'); // [B, 1, 1, T]
  const visible = g.op('Or', [causal, prefixKeys], 'ctx/visible'); // [B, 1, T, T]
  const real = g.op('Cast', ['attention_mask'], 'ctx/real', { to: DataType.BOOL }); // [B, T]
  const realKeys = g.op('Unsqueeze', [real, axes12], 'ctx/realKeys'); // [B, 1, 1, T]
  return g.op('And', [visible, realKeys], 'ctx/mask'); // [B, 1, T, T]
}

function rope(g: GraphBuilder, config: ModelConfig, freqs: number[]): { cos: string; sin: string } {
  const hd = headDim(config), P = positionComponents(config);
  let pos = g.op('Cast', ['position_ids'], 'ctx/pos', { to: DataType.FLOAT }); // [B, T] or [B, T, 2]
  if (P === 1) pos = g.op('Unsqueeze', [pos, g.ints('ctx/axes2', [1], [2])], 'ctx/pos3'); // [B, T, 1]
  // [B, T, P] @ [P, hd]: each angle is one product pos_c * freq (the other component meets an exact 0).
  const angles = g.op('MatMul', [pos, g.floats('ctx/freqs', [P, hd], freqs)], 'ctx/angles'); // [B, T, hd]
  const heads = g.ints('ctx/axesHead', [1], [2]);
  const cos = g.op('Unsqueeze', [g.op('Cos', [angles], 'ctx/cos3'), heads], 'ctx/cos'); // [B, T, 1, hd]
  const sin = g.op('Unsqueeze', [g.op('Sin', [angles], 'ctx/sin3'), heads], 'ctx/sin'); // [B, T, 1, hd]
  return { cos, sin };
}

export function buildContext(g: GraphBuilder, config: ModelConfig): GraphContext {
  const hd = headDim(config);
  const { freqs, source, sign } = ropeTables(config);
  return {
    mask: attentionMask(g),
    ...rope(g, config, freqs),
    ropeSource: g.ints('const/ropeSource', [hd], source),
    ropeSign: g.floats('const/ropeSign', [hd], sign),
    headsShape: g.ints('const/headsShape', [4], [0, 0, config.nHeads, hd]),
    mergedShape: g.ints('const/mergedShape', [3], [0, 0, config.dModel]),
    eps: g.floats('const/eps', [], [config.normEps]),
    scale: g.floats('const/scale', [], [1 / Math.sqrt(hd)]),
    masked: g.floats('const/masked', [], [-1e9]),
  };
}
