// WebGPU in Node through Dawn (the `webgpu` npm package). Only Node entry points (CLI, tests, benchmarks)
// import this file; the app never does.
import { createGpuContext, GpuUnavailableError, type GpuContext } from './context';
import { nodeTuningStore } from './nodeTuningStore';

// Dawn segfaults if the object create() returns is garbage-collected: keep it for the process lifetime.
let dawnGpu: GPU | undefined;

export async function nodeGpu(): Promise<GPU> {
  if (dawnGpu) return dawnGpu;
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = '/tmp/mutor-xdg';
  // lavapipe (Mesa's CPU Vulkan) runs faster with more worker threads than cores on these 2-core machines
  // (WEBGPU-ON-CPU.md: +18-28%); it only reads this when the Vulkan device is created. Ignored by real GPUs.
  process.env.LP_NUM_THREADS ??= '4';
  const { mkdirSync } = await import('node:fs');
  mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
  let mod: { create: (flags: string[]) => GPU; globals: Record<string, unknown> };
  try {
    mod = (await import('webgpu')) as unknown as typeof mod;
  } catch (e) {
    throw new GpuUnavailableError(`the 'webgpu' package (Dawn) could not be loaded: ${(e as Error).message}`);
  }
  Object.assign(globalThis, mod.globals);
  dawnGpu = mod.create([]);
  return dawnGpu;
}

/** A GpuContext on Dawn, its kernel tuning kept in the user's cache folder (unless `tuningCache` is false).
 * Throws GpuUnavailableError with a one-line reason when there is no adapter. */
export async function createNodeGpuContext(o: { tuningCache?: boolean } = {}): Promise<GpuContext> {
  const gpu = await nodeGpu();
  try {
    const ctx = await createGpuContext(gpu);
    if (o.tuningCache !== false) ctx.tuningStore = nodeTuningStore();
    return ctx;
  } catch (e) {
    if (e instanceof GpuUnavailableError) {
      throw new GpuUnavailableError(`${e.message} (Node/Dawn needs a Vulkan driver: run 'bash scripts/setup-system.sh' for Mesa 25 lavapipe)`);
    }
    throw e;
  }
}
