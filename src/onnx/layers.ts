// Graph fragments of one transformer block, in the conventions of src/model/config.ts.
// Shapes: B batch, T tokens, C = dModel, nh heads of hd dims, F = dFF. Value names are prefixed by the block ('layers.0').
import type { GraphBuilder } from './graph';
import type { GraphContext } from './context';

/** x / sqrt(mean(x²) + eps) * gain over the last axis: [B, T, C] -> [B, T, C]. */
export function rmsNorm(g: GraphBuilder, ctx: GraphContext, x: string, gain: string, name: string): string {
  const meanSquare = g.op('ReduceMean', [g.op('Mul', [x, x], `${name}/sq`)], `${name}/ms`, { axes: [-1], keepdims: 1 });
  const rms = g.op('Sqrt', [g.op('Add', [meanSquare, ctx.eps], `${name}/ms+eps`)], `${name}/rms`); // [B, T, 1]
  return g.op('Mul', [g.op('Div', [x, rms], `${name}/unit`), gain], name);
}

/** RoPE on [B, T, nh, hd]: x * cos + rotateHalf(x) * sin, rotateHalf(x)[j] = sign[j] * x[source[j]]. */
function rope(g: GraphBuilder, ctx: GraphContext, x: string, name: string): string {
  const gathered = g.op('Gather', [x, ctx.ropeSource], `${name}/gather`, { axis: 3 });
  const rotated = g.op('Mul', [gathered, ctx.ropeSign], `${name}/rotated`);
  const a = g.op('Mul', [x, ctx.cos], `${name}/xcos`), b = g.op('Mul', [rotated, ctx.sin], `${name}/rsin`);
  return g.op('Add', [a, b], name);
}

/** [B, T, C] @ W -> [B, T, nh, hd] (RoPE'd when asked) -> transposed by perm. */
function heads(g: GraphBuilder, ctx: GraphContext, xn: string, w: string, name: string, roped: boolean, perm: number[]): string {
  let h = g.op('Reshape', [g.op('MatMul', [xn, w], `${name}/proj`), ctx.headsShape], `${name}/heads`);
  if (roped) h = rope(g, ctx, h, `${name}/rope`);
  return g.op('Transpose', [h], name, { perm });
}

/** Masked multi-head attention with output projection: xn [B, T, C] -> [B, T, C]. */
export function attention(g: GraphBuilder, ctx: GraphContext, xn: string, prefix: string): string {
  const name = `${prefix}/attn`;
  const q = heads(g, ctx, xn, `${prefix}.wq`, `${name}/q`, true, [0, 2, 1, 3]); // [B, nh, T, hd]
  const kT = heads(g, ctx, xn, `${prefix}.wk`, `${name}/kT`, true, [0, 2, 3, 1]); // [B, nh, hd, T]
  const v = heads(g, ctx, xn, `${prefix}.wv`, `${name}/v`, false, [0, 2, 1, 3]); // [B, nh, T, hd]
  const scores = g.op('Mul', [g.op('MatMul', [q, kT], `${name}/qk`), ctx.scale], `${name}/scores`); // [B, nh, T, T]
  const masked = g.op('Where', [ctx.mask, scores, ctx.masked], `${name}/masked`);
  const probs = g.op('Softmax', [masked], `${name}/probs`, { axis: -1 });
  const y = g.op('Transpose', [g.op('MatMul', [probs, v], `${name}/pv`)], `${name}/yT`, { perm: [0, 2, 1, 3] }); // [B, T, nh, hd]
  const merged = g.op('Reshape', [y, ctx.mergedShape], `${name}/y`); // [B, T, C]
  return g.op('MatMul', [merged, `${prefix}.wo`], `${name}/out`);
}

/** SwiGLU: (silu(xn Wgate) * (xn Wup)) Wdown, [B, T, C] -> [B, T, F] -> [B, T, C]. */
export function mlp(g: GraphBuilder, xn: string, prefix: string): string {
  const name = `${prefix}/mlp`;
  const gate = g.op('MatMul', [xn, `${prefix}.wGate`], `${name}/gate`);
  const silu = g.op('Mul', [gate, g.op('Sigmoid', [gate], `${name}/sigmoid`)], `${name}/silu`);
  const up = g.op('MatMul', [xn, `${prefix}.wUp`], `${name}/up`);
  return g.op('MatMul', [g.op('Mul', [silu, up], `${name}/hidden`), `${prefix}.wDown`], `${name}/out`);
}

/** x + attention(rms(x)), then + mlp(rms(·)): [B, T, C] -> [B, T, C]. */
export function block(g: GraphBuilder, ctx: GraphContext, x: string, prefix: string): string {
  const xn1 = rmsNorm(g, ctx, x, `${prefix}.attnNorm`, `${prefix}/attnNorm`);
  const x1 = g.op('Add', [x, attention(g, ctx, xn1, prefix)], `${prefix}/x1`);
  const xn2 = rmsNorm(g, ctx, x1, `${prefix}.mlpNorm`, `${prefix}/mlpNorm`);
  return g.op('Add', [x1, mlp(g, xn2, prefix)], `${prefix}/out`);
}
