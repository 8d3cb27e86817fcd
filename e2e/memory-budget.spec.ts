// The memory budget in the page: the issue-14 link (batch 1024, Multi-Token heads with d max 16) is refused before
// any allocation, in one line naming the fields to change, and Train says why it is blocked. No training here.
import { test, expect } from '@playwright/test';
import { watchPage } from './helpers';

test('a link too large for the GPU shows the refusal next to the settings and blocks Train', async ({ page, context }) => {
  const seen = watchPage(page);
  await page.goto('/#v=1&bs=1024&runs=multiTokenHeads&dmax=16&steps=2&eval=2&evaln=4');
  const refusal = page.getByTestId('memory-refusal');
  await expect(refusal).toBeVisible({ timeout: 60_000 });
  await expect(refusal).toContainText('Batch size (bs) 1024');
  await expect(refusal).toContainText('Methods (runs) multiTokenHeads');
  await expect(refusal).toContainText('d max (dmax) 16');
  expect((await refusal.innerText()).split('\n')).toHaveLength(1);
  const train = page.getByTestId('start-runs');
  await expect(train).toBeDisabled();
  await expect(train).toHaveAttribute('title', /^Too large for the GPU: .*Batch size \(bs\) 1024/);
  const fits = await context.newPage();
  await fits.goto('/#v=1');
  await expect(fits.getByTestId('memory-total')).toContainText('for 2 runs at once', { timeout: 60_000 });
  await expect(fits.getByTestId('memory-refusal')).toHaveCount(0);
  await expect(fits.getByTestId('start-runs')).toBeEnabled();
  expect(seen.errors).toEqual([]);
});
