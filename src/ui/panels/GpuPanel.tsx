import { useGpuStore } from '../../state/gpuStore';
import { engineCheckLimits, judgeEngineChecks } from '../../worker/engineCheckLimits';
import { StepBreakdown } from './StepBreakdown';

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
              {/* It scrolls when the list is long: focusable, so a keyboard can scroll it too. */}
              <dd className="wrap gpu-features" tabIndex={0} aria-label="Adapter features">
                {adapter.features.join(', ') || 'none'}
              </dd>
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
                    {selfTest.pass ? 'PASS' : 'FAIL'} · {selfTest.cases.length} kernel × shape cases in {selfTest.totalMs.toFixed(0)} ms
                  </p>
                  <table className="table">
                    <thead>
                      <tr>
                        <th>kernel</th>
                        <th>shape</th>
                        <th>max rel. error</th>
                        <th>ms</th>
                        <th>result</th>
                      </tr>
                    </thead>
                    <tbody>
                      {selfTest.cases.map((c) => (
                        <tr key={`${c.variant} ${c.shape}`}>
                          <td>{c.variant}</td>
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
          {adapter && <StepBreakdown />}
          {adapter && <EngineCheck />}
        </div>
      </details>
    </section>
  );
}

const exp = (v: number) => (v === 0 ? '0' : v.toExponential(2));

/**
 * The engine's acceptance checks (src/worker/engineChecks.ts) run in the Worker on this GPU: register invariance of the
 * regular tokens' logits, MuToR's a = 0 gradients against NTP's, and a tiny model overfitting one batch. The whole
 * report rides on data-report for tests.
 */
function EngineCheck() {
  const { engineCheck: r, engineCheckError, engineCheckRunning, runEngineCheck } = useGpuStore();
  const verdict = r ? judgeEngineChecks(r) : null;
  const L = engineCheckLimits;
  const mark = (ok: boolean) => <span className={ok ? 'ok' : 'bad'}>{ok ? 'PASS' : 'FAIL'}</span>;
  return (
    <div className="selftest" data-testid="engine-check" data-report={r ? JSON.stringify(r) : undefined}>
      <div className="selftest-head">
        <h3>Engine check: registers, a = 0, overfit</h3>
        <button type="button" className="small" data-testid="engine-check-run" onClick={() => void runEngineCheck()} disabled={engineCheckRunning}>
          {engineCheckRunning ? 'Running…' : 'Engine check'}
        </button>
      </div>
      {engineCheckRunning && <p className="muted">Building engines and training a tiny model…</p>}
      {engineCheckError && <p className="bad" data-testid="engine-check-error">{engineCheckError}</p>}
      {r && verdict && (
        <ul className="engine-check">
          <li data-testid="engine-check-invariance">
            {mark(verdict.invariance)} registers invisible: regular logits MuToR vs NTP max |Δ| {exp(r.invariance.maxAbsDiff)} (&lt; {exp(L.invarianceMaxAbs)},
            {' '}max |logit| {r.invariance.maxAbsLogit.toFixed(1)}, {r.invariance.regularTokens} tokens, {r.invariance.registers} registers)
          </li>
          <li data-testid="engine-check-alpha0">
            {mark(verdict.alphaZero)} a = 0: gradients vs NTP max rel. {exp(r.alphaZero.maxRelDiff)} (&lt; {exp(L.alphaZeroMaxRel)}, {r.alphaZero.worstTensor || 'all equal'}),
            {' '}register row gradient {exp(r.alphaZero.registerGradMaxAbs)}, same-slot NTP {exp(r.alphaZero.sameSlots.maxRelDiff)}
          </li>
          <li data-testid="engine-check-overfit">
            {mark(verdict.overfit)} overfit: loss {r.overfit.losses[0]?.toFixed(3)} → {r.overfit.finalLoss.toFixed(4)} in {r.overfit.losses.length} steps
            {' '}(&lt; {L.overfitFinalLoss}, {(r.overfit.ms / Math.max(1, r.overfit.losses.length)).toFixed(0)} ms/step)
          </li>
          <li className="muted" data-testid="engine-check-time">
            {(r.ms.total / 1000).toFixed(1)} s · matmul {r.matmul} · attention {r.subgroups ? 'subgroup' : 'direct'}
          </li>
        </ul>
      )}
    </div>
  );
}
