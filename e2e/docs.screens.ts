// Screenshots of every panel for docs/ (see e2e/docs.config.ts), from the gallery's trained runs of the star-graph
// quick look (public/gallery, made by scripts/gallery.sh): what a visitor sees after one click.
import { mkdir } from 'node:fs/promises';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { runCard } from './helpers';

const DIR = 'docs/screenshots';

async function shoot(target: Locator, name: string): Promise<void> {
  await target.scrollIntoViewIfNeeded();
  await target.screenshot({ path: `${DIR}/${name}.png`, animations: 'disabled' });
}

async function settle(page: Page, ms = 400): Promise<void> {
  await page.mouse.move(1, 1); // no hover readouts or tooltips
  await page.waitForTimeout(ms);
}

test('panel screenshots from the gallery runs', async ({ page }) => {
  await mkdir(DIR, { recursive: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto('/');
  const entry = page.locator('[data-testid="gallery-entry"][data-entry-id="star-graph"]');
  await entry.getByTestId('gallery-open').click();
  await expect(page.getByTestId('run-card')).toHaveCount(3);
  // The live panels follow MuToR (it has registers).
  await runCard(page, 'mutor').locator('.run-name').click();
  await settle(page, 1500);

  await page.screenshot({ path: `${DIR}/overview.png` });
  // The settings column and the panels scroll inside the page: let the page grow instead, so a panel taller than
  // the window is pictured whole (the width, and so the layout, stays 1280 px).
  await page.addStyleTag({
    content: '.app { height: auto !important } .app-body { align-items: start } .sidebar, .app-main { overflow: visible !important }',
  });
  for (const closed of await page.locator('.control-group:not([open]) > summary').all()) await closed.click();
  await settle(page);
  await page.locator('aside.sidebar').screenshot({ path: `${DIR}/controls.png`, animations: 'disabled' });
  await shoot(page.getByTestId('gallery-panel'), 'gallery');
  await shoot(page.getByTestId('runs-panel'), 'runs');
  await shoot(page.getByTestId('interleaving-panel'), 'interleaving');
  await shoot(page.getByTestId('attention-panel'), 'attention-mask');

  // Attention over the whole sequence, as the trained model pays it (stored with the run at its last step).
  await page.getByTestId('attention-mode').getByLabel('Live attention').check();
  await page.getByTestId('attention-region').getByLabel('whole sequence').check();
  await expect(page.getByTestId('live-heatmap')).toBeVisible({ timeout: 60_000 });
  await settle(page);
  await shoot(page.getByTestId('attention-panel'), 'attention-live');

  await expect(page.getByTestId('horizon-sample')).toBeVisible({ timeout: 60_000 });
  await settle(page);
  await shoot(page.getByTestId('horizons-panel'), 'horizons');
  await shoot(page.getByTestId('curves-panel'), 'curves');
  await shoot(page.getByTestId('generations-panel'), 'generations');
});
