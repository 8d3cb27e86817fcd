import { useGpuStore } from '../state/gpuStore';

/** Shown when WebGPU cannot be used: says why and how to enable it. */
export function WebGpuBanner() {
  const status = useGpuStore((s) => s.status);
  const problem = useGpuStore((s) => s.problem);
  if (status !== 'unavailable' && status !== 'lost') return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="webgpu-banner">
      <strong>{status === 'lost' ? 'The GPU device was lost.' : 'WebGPU is not available.'}</strong> {problem}
      <div className="banner-help">
        {status === 'lost' ? (
          <>A new device is being set up; runs resume from their last checkpoints. If this stays, reload the page: saved runs are kept.</>
        ) : (
          <>
            Use a recent Chrome, Edge or Chromium (113+) on a machine with a GPU, or Safari 26 / Firefox 141+. On Linux, start
            Chromium with <code>--enable-unsafe-webgpu</code> (and <code>--enable-features=Vulkan</code>); check{' '}
            <code>chrome://gpu</code>. The page must be served from https, localhost or 127.0.0.1.
          </>
        )}
      </div>
    </div>
  );
}
