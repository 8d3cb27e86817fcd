// Playwright config for the long browser checks (not part of `npm test`; minutes to an hour on SwiftShader):
//   npm run build && npx playwright test --config e2e/long.config.ts
// e2e/finetune.long.ts fine-tunes the shipped nano model in the page and reports its held-out accuracy.
import { sideConfig } from './sideConfig';

export default sideConfig({ testMatch: '*.long.ts', outputName: 'long', timeoutMs: 3_600_000 });
