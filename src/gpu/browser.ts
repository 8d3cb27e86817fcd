// WebGPU in a browser tab or a dedicated Worker: navigator.gpu exists in both.
import { createGpuContext, GpuUnavailableError, type GpuContext } from './context';
import { browserTuningStore } from './browserTuningStore';

export function webGpuMissingReason(): string | null {
  if (typeof navigator === 'undefined') return 'no navigator object here';
  if (!('gpu' in navigator) || !navigator.gpu) {
    if (typeof isSecureContext !== 'undefined' && !isSecureContext) return 'this page is not a secure context (serve it from https, localhost or 127.0.0.1)';
    return 'this browser does not expose WebGPU (navigator.gpu is missing)';
  }
  return null;
}

export async function createBrowserGpuContext(): Promise<GpuContext> {
  const reason = webGpuMissingReason();
  if (reason) throw new GpuUnavailableError(reason);
  const ctx = await createGpuContext(navigator.gpu);
  ctx.tuningStore = browserTuningStore();
  return ctx;
}
