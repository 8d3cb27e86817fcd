// Between Train and the first step the engine Worker compiles the runs' pipelines (seconds on SwiftShader) and, in a
// fresh profile, times matmul kernels for this GPU: the runs panel says how far it has got, with counts that rise.
import { test, expect } from '@playwright/test';
import { runCard, watchPage } from './helpers';

test('after Train the page shows the kernels compiled so far, rising, until the runs appear (and no "No runs yet" meanwhile)', async ({ page }) => {
  test.setTimeout(240_000);
  const seen = watchPage(page);
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption('tiny');
  await page.getByTestId('start-runs').click();
  const progress = page.getByTestId('start-progress');
  // While starting, the progress line stands alone: no "No runs yet … press Train" under it.
  await expect(progress).toBeVisible();
  await expect(page.getByTestId('runs-empty')).toHaveCount(0);
  const texts: string[] = [];
  const card = runCard(page, 'mutor');
  const deadline = Date.now() + 180_000;
  while (!(await card.isVisible()) && Date.now() < deadline) {
    const text = await progress.textContent({ timeout: 1000 }).catch(() => null);
    if (text && texts.at(-1) !== text) texts.push(text);
    await page.waitForTimeout(40);
  }
  await expect(card).toBeVisible();
  await expect(progress).toHaveCount(0);
  const counts = texts.map((t) => /compiling kernels (\d+) \/ (\d+)/.exec(t)).filter((m) => m !== null).map((m) => ({ done: Number(m[1]), total: Number(m[2]) }));
  console.log(texts.join('\n'));
  const done = counts.map((c) => c.done);
  expect(new Set(done).size).toBeGreaterThanOrEqual(3);
  expect(done).toEqual([...done].sort((a, b) => a - b));
  expect(Math.max(...counts.map((c) => c.total))).toBeGreaterThan(10);
  expect(seen.errors).toEqual([]);
});
