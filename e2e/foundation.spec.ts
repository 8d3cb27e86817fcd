import { test, expect, chromium } from '@playwright/test';
import { chromiumLaunchOptions } from './chromium';

test('shows the adapter and passes the matmul self-test in the browser', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('adapter-name')).toContainText(/google|swiftshader/i);
  const result = page.getByTestId('selftest-result');
  await expect(result).toContainText(/PASS|FAIL/, { timeout: 120_000 });
  await page.screenshot({ path: 'test-results/foundation.png', fullPage: true });
  await expect(result).toContainText('PASS');
  // Every variant the adapter runs, at 4 shapes each, and every row passes.
  const rows = await page.getByTestId('selftest').locator('tbody tr').count();
  expect(rows % 4 === 0 && rows >= 8).toBe(true);
  await expect(page.getByTestId('selftest').locator('td.ok')).toHaveCount(rows);
});

test('without --enable-unsafe-webgpu the page shows a banner and does not crash', async ({ baseURL }) => {
  const browser = await chromium.launch(chromiumLaunchOptions({ webgpu: false }));
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(baseURL!);
    await expect(page.getByTestId('webgpu-banner')).toBeVisible();
    await expect(page.getByTestId('webgpu-banner')).toContainText(/WebGPU is not available/);
    await expect(page.getByRole('heading', { name: 'MuToR playground' })).toBeVisible();
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
});
