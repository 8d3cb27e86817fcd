// Helpers for kernel tests in Node (Dawn on lavapipe): one shared context per test file, poisoned outputs,
// float64 comparisons that never let NaN pass.
import type { GpuContext } from './context';
import { createNodeGpuContext } from './node';
import { POISON_BITS } from './poison';
import { compare, type Comparison } from './compare';

export { POISON_BITS, compare, type Comparison };

let shared: Promise<GpuContext> | undefined;

export function testContext(): Promise<GpuContext> {
  // Tests tune afresh: what they check must not depend on what an earlier run left in the cache folder.
  shared ??= createNodeGpuContext({ tuningCache: false });
  return shared;
}

export function poisonBuffer(ctx: GpuContext, buffer: GPUBuffer): void {
  const words = new Uint32Array(buffer.size / 4).fill(POISON_BITS);
  ctx.device.queue.writeBuffer(buffer, 0, words);
}

/** Fresh random values in [-scale, scale) from Math.random: tests want new inputs every run. */
export function randomFloats(n: number, scale = 1): Float32Array<ArrayBuffer> {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = (Math.random() * 2 - 1) * scale;
  return a;
}

/** Throws with a readable message unless every value is finite and within `tol` relative error. */
export function expectClose(got: ArrayLike<number>, want: ArrayLike<number>, tol: number, what = 'values'): Comparison {
  const c = compare(got, want);
  if (c.nonFinite > 0) throw new Error(`${what}: ${c.nonFinite} non-finite values (e.g. index ${c.worstIndex})`);
  if (!(c.maxRel < tol)) {
    throw new Error(`${what}: max relative error ${c.maxRel.toExponential(3)} >= ${tol} at index ${c.worstIndex} (got ${got[c.worstIndex]}, want ${want[c.worstIndex]})`);
  }
  return c;
}
