// How the engine runs the output heads: in stacks. A stack of S heads computes those heads' blocks and logits as
// one model of S·N rows (head `first + s` in rows s·N .. s·N + N - 1), so each of its kernels is one dispatch for
// all S heads: the row-wise kernels run over S·N rows, the matmuls are grouped over the S heads' weights
// (matmulShape.ts `groups`), the attention sees S·B sequences, and one cross-entropy scores all S heads.
//   stack 0      head 0, the trunk's next-token head (no block of its own)
//   parallel     heads 1..H-1 (Multi-Token heads) read the same h_L: one stack of H - 1 heads, its input h_L tiled
//   sequential   DeepSeek-V3's MTP heads each read the one before: a stack per head
// A parallel stack falls back to one stack per head when an [N, F] row block is not a whole number of vec4s (the
// grouped matmuls step between heads in vec4s): B·T·dFF odd, never at the presets' even T.
import { outputHeads, sequentialHeads, type RunModelConfig } from '../model/methodTensors';

export interface HeadStack {
  /** The stack's first output head. */
  first: number;
  /** S: heads in the stack. */
  size: number;
  /** The heads have transformer blocks of their own (every stack but head 0's). */
  hasBlock: boolean;
}

/** The stacks of a model trained on N-token micro-batches, in head order. */
export function headStacks(config: RunModelConfig, N: number): HeadStack[] {
  const H = outputHeads(config);
  const stacks: HeadStack[] = [{ first: 0, size: 1, hasBlock: false }];
  const single = sequentialHeads(config) || (N * config.dFF) % 4 !== 0 || (N * config.dModel) % 4 !== 0;
  if (single) for (let h = 1; h < H; h++) stacks.push({ first: h, size: 1, hasBlock: true });
  else if (H > 1) stacks.push({ first: 1, size: H - 1, hasBlock: true });
  return stacks;
}

/** The largest stack's size (the backward scratch holds that many heads' rows). */
export function largestStack(stacks: HeadStack[]): number {
  return Math.max(...stacks.map((s) => s.size));
}

/** The stack holding output head h, and h's index inside it. */
export function stackOfHead(stacks: HeadStack[], h: number): { stack: number; index: number } {
  const stack = stacks.findIndex((s) => h >= s.first && h < s.first + s.size);
  if (stack < 0) throw new Error(`no output head ${h} (${stacks.reduce((n, s) => n + s.size, 0)} heads)`);
  return { stack, index: h - stacks[stack].first };
}
