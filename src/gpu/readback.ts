// Reading GPU buffers back to the CPU. Every readback is counted (benchmarks report readbacks per step) and
// raced against device loss.
import type { GpuContext } from './context';
import { Usage } from './buffers';

/** Copies `bytes` from `src` at `offset` into a fresh mappable buffer and returns the bytes. */
export async function readBytes(ctx: GpuContext, src: GPUBuffer, offset = 0, bytes = src.size - offset, expectedMs = 0): Promise<ArrayBuffer> {
  const size = Math.ceil(bytes / 4) * 4;
  const staging = ctx.device.createBuffer({ label: 'readback', size, usage: Usage.readback });
  try {
    const encoder = ctx.device.createCommandEncoder({ label: 'readback' });
    encoder.copyBufferToBuffer(src, offset, staging, 0, size);
    ctx.submit([encoder.finish()]);
    ctx.counters.readbacks++;
    if (ctx.isNode && expectedMs > 2) await new Promise((r) => setTimeout(r, expectedMs * 0.8));
    await ctx.guard(staging.mapAsync(GPUMapMode.READ));
    return staging.getMappedRange().slice(0, bytes);
  } finally {
    staging.destroy();
  }
}

export async function readFloat32(ctx: GpuContext, src: GPUBuffer, offsetFloats = 0, countFloats?: number, expectedMs = 0): Promise<Float32Array<ArrayBuffer>> {
  const count = countFloats ?? src.size / 4 - offsetFloats;
  return new Float32Array(await readBytes(ctx, src, offsetFloats * 4, count * 4, expectedMs));
}

export async function readUint32(ctx: GpuContext, src: GPUBuffer, offsetWords = 0, countWords?: number): Promise<Uint32Array<ArrayBuffer>> {
  const count = countWords ?? src.size / 4 - offsetWords;
  return new Uint32Array(await readBytes(ctx, src, offsetWords * 4, count * 4));
}
