// Playwright config for the documentation screenshots (not part of `npm test`):
//   npm run build && npx playwright test --config e2e/docs.config.ts
// Opens the gallery's trained star-graph runs in Chromium and writes docs/screenshots/*.png at 1280×800.
import { sideConfig } from './sideConfig';

export default sideConfig({ testMatch: 'docs.screens.ts', outputName: 'docs', timeoutMs: 900_000 });
