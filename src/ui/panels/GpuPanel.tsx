import { useGpuStore } from '../../state/gpuStore';

const SHOWN_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxStorageBuffersPerShaderStage',
] as const;

function formatLimit(v: number): string {
  if (v >= 1 << 20) return `${(v / (1 << 20)).toFixed(0)} MiB`;
  if (v >= 1 << 10 && v % 1024 === 0) return `${v / 1024} KiB`;
  return String(v);
}

/**
 * The adapter the engine worker got, its limits, and the matmul self-test result: a compact card whose one-line
 * summary (adapter, software fallback, self-test) is always visible and whose details open on demand.
 */
export function GpuPanel() {
  const { status, adapter, selfTest, selfTestRunning, runSelfTest } = useGpuStore();
  const adapterName = adapter ? [adapter.vendor, adapter.architecture].filter(Boolean).join(' / ') || 'unknown' : null;
  const state = status === 'ready' ? (selfTest ? (selfTest.pass ? 'ok' : 'bad') : 'busy') : status === 'checking' ? 'busy' : 'bad';
  return (
    <section className="gpu-card" aria-labelledby="gpu-title" data-testid="gpu-panel">
      <details>
        <summary>
          <span className={`gpu-dot gpu-dot-${state}`} aria-hidden />
          <h2 id="gpu-title">GPU</h2>
          <span className="gpu-summary">
            {status === 'checking' && 'connecting…'}
            {status === 'unavailable' && 'not available'}
            {status === 'lost' && 'device lost'}
            {adapterName && status === 'ready' && adapterName}
            {adapter?.isFallbackAdapter && ' · software'}
            {selfTestRunning && !selfTest && ' · self-test…'}
            {selfTest && ` · self-test ${selfTest.pass ? 'PASS' : 'FAIL'}`}
          </span>
        </summary>
        <div className="gpu-body">
          {status === 'checking' && <p className="muted">Requesting a WebGPU adapter…</p>}
          {adapter && (
            <dl className="facts" data-testid="adapter">
              <dt>Adapter</dt>
              <dd data-testid="adapter-name">
                {adapterName}
                {adapter.isFallbackAdapter && <span className="tag">software fallback</span>}
              </dd>
              {adapter.description && (
                <>
                  <dt>Description</dt>
                  <dd>{adapter.description}</dd>
                </>
              )}
              <dt>Features</dt>
              <dd className="wrap gpu-features">{adapter.features.join(', ') || 'none'}</dd>
              {SHOWN_LIMITS.map((k) => (
                <div className="fact-row" key={k}>
                  <dt>{k}</dt>
                  <dd>{adapter.limits[k] !== undefined ? formatLimit(adapter.limits[k]) : '—'}</dd>
                </div>
              ))}
            </dl>
          )}
          {adapter && (
            <div className="selftest" data-testid="selftest">
              <div className="selftest-head">
                <h3>Kernel self-test: matmul vs float64 CPU</h3>
                <button type="button" className="small" onClick={() => void runSelfTest()} disabled={selfTestRunning}>
                  {selfTestRunning ? 'Running…' : 'Run again'}
                </button>
              </div>
              {selfTestRunning && !selfTest && <p className="muted">Compiling and running kernels…</p>}
              {selfTest && (
                <>
                  <p className={selfTest.pass ? 'ok' : 'bad'} data-testid="selftest-result">
                    {selfTest.pass ? 'PASS' : 'FAIL'} · {selfTest.cases.length} shapes in {selfTest.totalMs.toFixed(0)} ms
                  </p>
                  <table className="table">
                    <thead>
                      <tr>
                        <th>shape</th>
                        <th>max rel. error</th>
                        <th>ms</th>
                        <th>result</th>
                      </tr>
                    </thead>
                    <tbody>
                      {selfTest.cases.map((c) => (
                        <tr key={c.shape}>
                          <td>{c.shape}</td>
                          <td>{c.maxRel.toExponential(2)}</td>
                          <td>{c.ms.toFixed(1)}</td>
                          <td className={c.pass ? 'ok' : 'bad'}>{c.pass ? 'pass' : 'fail'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </>
              )}
            </div>
          )}
        </div>
      </details>
    </section>
  );
}
