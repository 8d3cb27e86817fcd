import { useEffect } from 'react';
import { useGpuStore } from '../state/gpuStore';
import { WebGpuBanner } from './WebGpuBanner';
import { GpuPanel } from './panels/GpuPanel';

export function App() {
  const connect = useGpuStore((s) => s.connect);
  useEffect(() => {
    void connect();
  }, [connect]);

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          <span className="logo" aria-hidden>M</span>
          <div>
            <h1>MuToR playground</h1>
            <p className="tagline">Multi-token prediction with registers, fine-tuned in your browser on WebGPU</p>
          </div>
        </div>
      </header>
      <WebGpuBanner />
      <main className="app-main">
        <GpuPanel />
      </main>
    </div>
  );
}
