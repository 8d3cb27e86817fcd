// The operands of a batched matmul (matmulShape.ts): Z matrices of one buffer at a fixed stride bind as one range
// from the first to the end of the last, and the kernel steps through them by that stride (in elements). A single
// operand is the same matrix for every product (stride 0).
import { boundBytes, expectElements, type BufferArg } from './bufferArgs';

/** One matrix, or one per product of a batched matmul. */
export type Operand = BufferArg | readonly BufferArg[];

export interface BoundOperand {
  binding: BufferArg;
  /** Elements from one product's matrix to the next's (0: shared). */
  stride: number;
}

const rangeOf = (arg: BufferArg): { buffer: GPUBuffer; offset: number; size: number } =>
  ('buffer' in arg ? { buffer: arg.buffer, offset: arg.offset ?? 0, size: boundBytes(arg) } : { buffer: arg, offset: 0, size: arg.size });

/** Checks an operand of `count` matrices (1: shared by every product) of at least `need` elements of `bytes` bytes
 * each (4: f32; 2: an f16 B). */
export function stridedOperand(op: Operand, count: number, need: number, what: string, bytes = 4): BoundOperand {
  const list: readonly BufferArg[] = Array.isArray(op) ? op : [op as BufferArg];
  if (list.length === 1) {
    expectElements(list[0], need, what, bytes);
    return { binding: list[0], stride: 0 };
  }
  if (list.length !== count) throw new Error(`${what}: ${list.length} matrices for a batch of ${count} (give one per product, or one shared)`);
  const ranges = list.map(rangeOf);
  list.forEach((arg, z) => expectElements(arg, need, `${what}[${z}]`, bytes));
  const strideBytes = ranges[1].offset - ranges[0].offset;
  const uniform = ranges.every((r, z) => r.buffer === ranges[0].buffer && r.offset === ranges[0].offset + z * strideBytes);
  if (!uniform || strideBytes <= 0) throw new Error(`${what}: the ${count} matrices must be ranges of one buffer at one increasing stride`);
  if (strideBytes % (4 * bytes) !== 0) throw new Error(`${what}: stride ${strideBytes} bytes is not a multiple of ${4 * bytes} (vec4 loads)`);
  const last = ranges[count - 1];
  return { binding: { buffer: ranges[0].buffer, offset: ranges[0].offset, size: last.offset + last.size - ranges[0].offset }, stride: strideBytes / bytes };
}
