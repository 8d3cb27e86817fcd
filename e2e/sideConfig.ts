// Playwright configs for what is not part of `npm test` (docs screenshots, long browser checks): the e2e config with
// its own file pattern, output folder and time limit, runnable from any working directory.
import { fileURLToPath } from 'node:url';
import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import base from '../playwright.config';

const root = fileURLToPath(new URL('..', import.meta.url));

export function sideConfig(o: { testMatch: string; outputName: string; timeoutMs: number }) {
  return defineConfig({
    ...base,
    testDir: '.',
    testMatch: o.testMatch,
    outputDir: `${root}test-results/${o.outputName}`,
    timeout: o.timeoutMs,
    webServer: { ...(base.webServer as NonNullable<PlaywrightTestConfig['webServer']> & object), cwd: root } as PlaywrightTestConfig['webServer'],
  });
}
