// Playwright config for `mutor bench` in the page's Worker on Chromium's adapter (SwiftShader here); not part of
// `npm test` (minutes):
//   npm run build && MUTOR_BENCH_ONLY=scaling MUTOR_BENCH_SIZES=0.2M npx playwright test --config e2e/bench.config.ts
// e2e/worker.bench.ts prints the rows as the Markdown table BENCHMARKS.md takes, and writes them as JSON.
import { sideConfig } from './sideConfig';

export default sideConfig({ testMatch: '*.bench.ts', outputName: 'bench', timeoutMs: 3_600_000 });
