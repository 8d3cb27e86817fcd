// Graph values computed once from the inputs and shared by every block:
//   mask      bool  [B, 1, T, T]  key k visible to query q  iff  (k <= q or k < prompt_len[b]) and attention_mask[b, k]
//   cos, sin  float [B, T, 1, hd] RoPE at position_ids (tables of maxLen rows: position ids must be < maxLen)
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
  /** float scalar that replaces masked scores (finite: a row with no visible key stays NaN-free). */
  masked: string;
}

/**
 * Rotate-half within each RoPE section (1D: one section of width W = hd; 2D: halves of width W = hd/2 driven by
 * position components 0 and 1): out[j] = -x[j + W/2] in a section's first half, +x[j - W/2] in its second.
 */
function rotateHalfTables(config: ModelConfig): { source: number[]; sign: number[] } {
  const hd = headDim(config), W = hd / positionComponents(config), half = W / 2;
  const source: number[] = [], sign: number[] = [];
  for (let j = 0; j < hd; j++) {
    const first = j % W < half;
    source.push(first ? j + half : j - half);
    sign.push(first ? -1 : 1);
  }
  return { source, sign };
}

/**
 * [maxLen, W] = f(p * theta^(-2i/W)) for position p and section dim k, i = k mod W/2: the reference's angle in float64,
 * rounded once to float32. Tables rather than in-graph Cos/Sin: WebGPU's f32 trig is only accurate to about 2e-4.
 */
function ropeTable(config: ModelConfig, f: (angle: number) => number): number[] {
  const W = headDim(config) / positionComponents(config), half = W / 2;
  const out: number[] = [];
  for (let p = 0; p < config.maxLen; p++) {
    for (let k = 0; k < W; k++) out.push(f(p * Math.pow(config.ropeTheta, (-2 * (k % half)) / W)));
  }
  return out;
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

/**
 * cos/sin [B, T, 1, hd] gathered at position_ids: 1D [B, T] ids give [B, T, hd]; 2D [B, T, 2] ids give [B, T, 2, hd/2],
 * whose row-major order is already section 0 (row) then section 1 (col); one Reshape makes either [B, T, 1, hd].
 */
function rope(g: GraphBuilder, config: ModelConfig): { cos: string; sin: string } {
  const hd = headDim(config), W = hd / positionComponents(config);
  const shape = g.ints('ctx/ropeShape', [4], [0, 0, 1, hd]);
  const gathered = (name: 'cos' | 'sin', f: (angle: number) => number) => {
    const table = g.floats(`ctx/${name}Table`, [config.maxLen, W], ropeTable(config, f));
    const rows = g.op('Gather', [table, 'position_ids'], `ctx/${name}Rows`, { axis: 0 });
    return g.op('Reshape', [rows, shape], `ctx/${name}`);
  };
  return { cos: gathered('cos', Math.cos), sin: gathered('sin', Math.sin) };
}

export function buildContext(g: GraphBuilder, config: ModelConfig): GraphContext {
  const hd = headDim(config);
  const { source, sign } = rotateHalfTables(config);
  return {
    mask: attentionMask(g),
    ...rope(g, config),
    ropeSource: g.ints('const/ropeSource', [hd], source),
    ropeSign: g.floats('const/ropeSign', [hd], sign),
    headsShape: g.ints('const/headsShape', [4], [0, 0, config.nHeads, hd]),
    mergedShape: g.ints('const/mergedShape', [3], [0, 0, config.dModel]),
    eps: g.floats('const/eps', [], [config.normEps]),
    scale: g.floats('const/scale', [], [1 / Math.sqrt(hd)]),
    masked: g.floats('const/masked', [], [-1e9]),
  };
}
