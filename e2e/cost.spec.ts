// Cost in view before anything trains: a short probe gives the settings' estimated time beside Train and a step's
// GPU time by kernel family in the GPU panel; the memory estimate sits with the fields that size it.
import { test, expect } from '@playwright/test';
import { watchPage } from './helpers';

test('Estimate time probes the settings: a time beside Train, a kernel-family breakdown in the GPU panel, memory by its fields', async ({ page }) => {
  const seen = watchPage(page);
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption('tiny');
  await expect(page.locator('details[data-group="model"] [data-testid="memory-line"]')).toContainText(/GPU memory for these runs: [\d.]+ [KM]i?B of the 2(\.0+)? GiB budget/);
  await page.getByTestId('time-estimate-probe').click();
  const estimate = page.getByTestId('time-estimate');
  await expect(estimate).toHaveText(/^about (\d+ s|\d+ min \d+ s) here$/, { timeout: 120_000 });
  expect(Number(await estimate.getAttribute('data-seconds'))).toBeGreaterThan(0);

  await page.getByTestId('gpu-panel').locator('summary').click();
  const table = page.getByTestId('step-breakdown-table');
  await expect(table).toBeVisible();
  const families = await table.locator('tbody td:first-child').allInnerTexts();
  expect(families).toEqual(expect.arrayContaining(['matmul', 'attention', 'optimizer (AdamW)']));
  const shares = (await table.locator('tbody td:nth-child(3)').allInnerTexts()).map((t) => Number(t.replace('%', '')));
  expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThan(95);

  // Other settings: the estimate is dropped until probed again.
  await page.locator('[data-field="steps"] input').fill('40');
  await expect(estimate).toHaveCount(0);
  await expect(page.getByTestId('time-estimate-probe')).toBeVisible();
  expect(seen.errors).toEqual([]);
});
