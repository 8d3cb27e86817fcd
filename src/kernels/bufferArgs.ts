// What the training-engine kernels (embedding, rmsnorm, swiglu, crossEntropy, adamw) accept as a buffer argument,
// and the shape check their wrappers run at bind time: a whole buffer or a range of one (a tensor of the flat
// parameter buffer, a slice of the activation arena), holding at least the elements the kernel touches.
// Every storage binding of these kernels is declared read_write, inputs included (as in matmul): WebGPU rejects a
// buffer bound read-only and writable in one dispatch, and the engine binds ranges of one activation arena.

export type BufferArg = GPUBuffer | GPUBufferBinding;

/** Bytes the kernel can see through this argument. */
export function boundBytes(arg: BufferArg): number {
  if ('buffer' in arg) return arg.size ?? arg.buffer.size - (arg.offset ?? 0);
  return arg.size;
}

/** Throws unless `arg` holds at least `count` elements of `bytes` bytes (4: f32, u32; 2: f16). */
export function expectElements(arg: BufferArg, count: number, what: string, bytes = 4): void {
  const have = boundBytes(arg) / bytes;
  if (have < count) throw new Error(`${what}: bound ${have} elements, kernel needs ${count}`);
}

/** Workgroups for `count` invocations of `size` each, in one dimension (WebGPU allows at most 65535). */
export function workgroupsFor(count: number, size: number, what: string): number {
  const n = Math.ceil(count / size);
  if (n > 65535) throw new Error(`${what}: ${count} invocations need ${n} workgroups, more than 65535 in one dimension`);
  return n;
}
