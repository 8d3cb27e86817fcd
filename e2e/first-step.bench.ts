// Time to the first training step in the page (a benchmark, not a test): a fresh browser opens the page, selects a
// preset, clicks Train once it is enabled and waits until a run card shows step 1; then a second page of the same
// browser profile does it again (its kernel tuning store in IndexedDB kept, Chromium's own caches as they are).
// Repeats MUTOR_FIRST_STEP_REPS times (default 3) over the presets in MUTOR_FIRST_STEP_PRESETS (default tiny),
// prints one JSON line per page and writes them all to test-results/bench/first-step.json.
//   npm run build && npx playwright test --config e2e/bench.config.ts e2e/first-step.bench.ts
import { writeFileSync } from 'node:fs';
import { chromium, expect, test, type Browser } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';
import { shownStep } from './helpers';

const reps = Number(process.env.MUTOR_FIRST_STEP_REPS ?? 3);
const presets = (process.env.MUTOR_FIRST_STEP_PRESETS ?? 'tiny').split(',').map((p) => p.trim()).filter(Boolean);

interface FirstStep {
  preset: string;
  rep: number;
  /** 'cold': a fresh profile; 'store-warm': the same profile's second page. */
  page: 'cold' | 'store-warm';
  /** Page open to Train enabled (the GPU ready), to the first step shown, and Train's click to the first step. */
  readyMs: number;
  openToFirstStepMs: number;
  trainToFirstStepMs: number;
}

async function timeFirstStep(browser: Browser, baseURL: string, preset: string): Promise<Omit<FirstStep, 'preset' | 'rep' | 'page'>> {
  const context = browser.contexts()[0] ?? (await browser.newContext());
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  const t0 = Date.now();
  await page.goto(baseURL);
  await page.getByTestId('preset-select').selectOption(preset);
  const train = page.getByTestId('start-runs');
  await expect(train).toBeEnabled({ timeout: 120_000 });
  const ready = Date.now();
  // The profile's second page also lists the first page's runs, saved: only a card that was not there counts.
  const before = await page.getByTestId('run-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-run-id')));
  await train.click();
  const clicked = Date.now();
  const fresh = page.locator(`[data-testid="run-card"][data-method="ntp"]${before.map((id) => `:not([data-run-id="${id}"])`).join('')}`);
  await expect.poll(() => shownStep(fresh.first()), { timeout: 600_000, intervals: [100] }).toBeGreaterThanOrEqual(1);
  const first = Date.now();
  await page.close();
  return { readyMs: ready - t0, openToFirstStepMs: first - t0, trainToFirstStepMs: first - clicked };
}

test('time to the first training step in the page', async ({ baseURL }, info) => {
  test.setTimeout(3_600_000);
  const rows: FirstStep[] = [];
  for (const preset of presets) {
    for (let rep = 1; rep <= reps; rep++) {
      const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: true }));
      try {
        for (const kind of ['cold', 'store-warm'] as const) {
          const row = { preset, rep, page: kind, ...(await timeFirstStep(browser, baseURL!, preset)) };
          console.log(JSON.stringify(row));
          rows.push(row);
        }
      } finally {
        await browser.close();
      }
    }
  }
  writeFileSync(info.outputPath('first-step.json'), JSON.stringify(rows, null, 2));
});
