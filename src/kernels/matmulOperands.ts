// The operands of a batched matmul (matmulShape.ts): Z matrices of one buffer at a fixed stride bind as one range
// from the first to the end of the last, and the kernel steps through them by that stride (in elements). A single
// operand is the same matrix for every product (stride 0). A grouped matmul's operand is one per group (each one
// matrix or one per product of its group), the groups' first matrices again at one stride in one buffer.
import { boundBytes, expectElements, type BufferArg } from './bufferArgs';

/** One matrix, or one per product of a batched matmul; grouped, also one such entry per group. */
export type Operand = BufferArg | readonly BufferArg[] | readonly (BufferArg | readonly BufferArg[])[];

export interface BoundOperand {
  binding: BufferArg;
  /** Elements from one product's matrix to the next's (0: shared). */
  stride: number;
}

const rangeOf = (arg: BufferArg): { buffer: GPUBuffer; offset: number; size: number } =>
  ('buffer' in arg ? { buffer: arg.buffer, offset: arg.offset ?? 0, size: boundBytes(arg) } : { buffer: arg, offset: 0, size: arg.size });

/** Ranges of one buffer at one stride (positive, or 0 when every range is the first): that stride in elements and
 * the range that covers them all. */
function evenlySpaced(list: readonly BufferArg[], what: string, bytes: number): { binding: BufferArg; stride: number } {
  const ranges = list.map(rangeOf);
  const strideBytes = ranges[1].offset - ranges[0].offset;
  const uniform = ranges.every((r, z) => r.buffer === ranges[0].buffer && r.offset === ranges[0].offset + z * strideBytes);
  const repeated = strideBytes === 0 && ranges.every((r) => r.size === ranges[0].size);
  if (!uniform || (strideBytes <= 0 && !repeated)) throw new Error(`${what}: the ${list.length} matrices must be ranges of one buffer at one increasing stride`);
  if (strideBytes % (4 * bytes) !== 0) throw new Error(`${what}: stride ${strideBytes} bytes is not a multiple of ${4 * bytes} (vec4 loads)`);
  const end = Math.max(...ranges.map((r) => r.offset + r.size));
  return { binding: { buffer: ranges[0].buffer, offset: ranges[0].offset, size: end - ranges[0].offset }, stride: strideBytes / bytes };
}

/** Checks an operand of `count` matrices (1: shared by every product) of at least `need` elements of `bytes` bytes
 * each (4: f32; 2: an f16 B). */
export function stridedOperand(op: Operand, count: number, need: number, what: string, bytes = 4): BoundOperand {
  const list = (Array.isArray(op) ? op : [op]) as readonly (BufferArg | readonly BufferArg[])[];
  if (list.some((x) => Array.isArray(x))) throw new Error(`${what}: nested matrices for an ungrouped matmul`);
  const args = list as readonly BufferArg[];
  if (args.length === 1) {
    expectElements(args[0], need, what, bytes);
    return { binding: args[0], stride: 0 };
  }
  if (args.length !== count) throw new Error(`${what}: ${args.length} matrices for a batch of ${count} (give one per product, or one shared)`);
  args.forEach((arg, z) => expectElements(arg, need, `${what}[${z}]`, bytes));
  return evenlySpaced(args, what, bytes);
}

export interface GroupedOperand extends BoundOperand {
  /** Elements from one group's first matrix to the next's (0: every group shares its matrices). */
  groupStride: number;
}

/** Checks a grouped operand: one shared by everything, or one entry per group of `groups`, each an operand of
 * `count` matrices (stridedOperand) with the same stride inside the group. */
export function groupedOperand(op: Operand, groups: number, count: number, need: number, what: string, bytes = 4): GroupedOperand {
  if (groups === 1 || !Array.isArray(op)) return { ...stridedOperand(op, count, need, what, bytes), groupStride: 0 };
  const entries = op as readonly (BufferArg | readonly BufferArg[])[];
  if (entries.length !== groups) throw new Error(`${what}: ${entries.length} entries for ${groups} groups (give one per group, or one shared)`);
  const bound = entries.map((e, g) => stridedOperand(e as Operand, count, need, `${what} group ${g}`, bytes));
  if (bound.some((b) => b.stride !== bound[0].stride)) throw new Error(`${what}: the groups' matrices lie at different strides`);
  const { binding, stride } = evenlySpaced(bound.map((b) => b.binding), what, bytes);
  return { binding, stride: bound[0].stride, groupStride: stride };
}
