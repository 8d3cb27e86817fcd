// A 390×844 phone: nothing wider than the screen, the GPU chip tappable, Train (and the quick preset) at hand
// without scrolling past the settings, and no "on the left" where nothing is on the left.
import { test, expect, type Page } from '@playwright/test';

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

const horizontalOverflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

test('at 390 px: no horizontal scroll, the GPU chip opens, Train and the quick preset are on the first screen', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('gpu-panel')).toContainText('software');
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

  const chip = page.getByTestId('gpu-panel').locator('summary');
  await expect(chip).toBeInViewport({ ratio: 1 });
  await chip.tap();
  await expect(page.getByTestId('adapter')).toBeVisible();
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  await chip.tap();

  const train = page.getByTestId('phone-start-runs');
  await expect(train).toBeInViewport({ ratio: 1 });
  await expect(train).toBeEnabled();
  await page.getByTestId('phone-train').getByRole('button', { name: /Quick: Tiny star graph/ }).tap();
  await expect(page.getByTestId('preset-select')).toHaveValue('tiny');
  await expect(train).toHaveText('▶ Train NTP vs MuToR');
  await expect(page.locator('body')).not.toContainText('on the left');

  // Scrolled to the bottom, the bar is still there and the page no wider.
  await page.mouse.wheel(0, 20_000);
  await expect(train).toBeInViewport({ ratio: 1 });
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
});

test('the generations table fits the panel at 390 px and at 1280 px: no column runs off-screen', async ({ page }) => {
  await page.goto('/');
  await page.locator('[data-testid="gallery-entry"][data-entry-id="star-graph"]').getByTestId('gallery-open').click();
  const panel = page.getByTestId('generations-panel');
  const table = panel.locator('table.generations');
  await expect(table.locator('thead th')).toHaveCount(5);
  const overflow = () => panel.locator('.table-scroll').evaluate((el) => el.scrollWidth - el.clientWidth);
  for (const width of [390, 1280]) {
    await page.setViewportSize({ width, height: 844 });
    await expect.poll(overflow).toBeLessThanOrEqual(0);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const box = (await table.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(width);
    await panel.screenshot({ path: `test-results/generations-${width}.png` });
  }
});
