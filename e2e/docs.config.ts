// Playwright config for the documentation screenshots (not part of `npm test`):
//   npm run build && npx playwright test --config e2e/docs.config.ts
// Trains the tiny preset for real in Chromium (SwiftShader) and writes docs/screenshots/*.png at 1280×800.
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import base from '../playwright.config';

const root = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'docs.screens.ts',
  outputDir: `${root}test-results/docs`,
  timeout: 900_000,
  webServer: { ...(base.webServer as NonNullable<PlaywrightTestConfig['webServer']> & object), cwd: root } as PlaywrightTestConfig['webServer'],
});
