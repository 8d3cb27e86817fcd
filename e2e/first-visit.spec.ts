// The defects a first-visit walkthrough found (issue 18), each pinned by what a visitor sees: the live panels follow
// the new run, names never repeat, nothing is lost silently (leave prompt, settings across a reload, removal with
// undo), the quick preset is offered on a software adapter, help speaks plainly, a dropped link says so.
import { test, expect, type Page } from '@playwright/test';
import { cloneExperiment, presetById } from '../src/experiment';
import { controlValues, runCard, savedRunIds, seedSavedRuns, watchPage } from './helpers';

const tiny = cloneExperiment(presetById('tiny')!.config);

test('a new run takes the live panels from an earlier saved run and gets a name no run has had', async ({ page }) => {
  test.setTimeout(240_000);
  const seen = watchPage(page);
  await page.goto('/');
  // An earlier visit left a MuToR run and NTP 2 .. NTP 5 (the first NTP was removed).
  await seedSavedRuns(page, [
    { id: 'old-mutor', label: 'MuToR', method: 'mutor', experiment: tiny },
    ...[2, 3, 4, 5].map((n) => ({ id: `old-ntp-${n}`, label: `NTP ${n}`, method: 'ntp', experiment: tiny })),
  ]);
  await page.reload();
  await expect(page.getByTestId('run-card')).toHaveCount(5);
  await page.getByTestId('preset-select').selectOption('tiny');
  await page.getByTestId('start-runs').click();
  // The cards come once the Worker has built the runs (their pipelines compile first: slow on a busy software GPU).
  await expect(page.getByTestId('run-card')).toHaveCount(7, { timeout: 150_000 });
  const labels = await page.locator('[data-testid="run-card"] .run-name').allInnerTexts();
  expect(labels.map((l) => l.split('·')[0].trim())).toEqual(['MuToR', 'NTP 2', 'NTP 3', 'NTP 4', 'NTP 5', 'NTP 6', 'MuToR 2']);
  // The new MuToR run is the one the live panels show, not the saved one.
  const fresh = page.locator('[data-testid="run-card"][data-method="mutor"]').last();
  await expect(fresh.locator('.run-name')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('attention-panel')).not.toContainText('is a saved run');
  expect(seen.errors).toEqual([]);
});

/** Closing the page asks first (beforeunload); the prompt is accepted so the page closes. */
async function expectLeavePrompt(page: Page): Promise<void> {
  const dialog = page.waitForEvent('dialog');
  void page.close({ runBeforeUnload: true });
  const d = await dialog;
  expect(d.type()).toBe('beforeunload');
  await d.accept();
}

test('leaving the page while a run trains asks first', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption('tiny');
  await page.getByTestId('start-runs').click();
  await expect(runCard(page, 'mutor')).toBeVisible({ timeout: 150_000 });
  await expectLeavePrompt(page);
});

test('leaving the page while runs are still starting asks first', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption('tiny');
  await page.getByTestId('start-runs').click();
  // The Worker builds the runs and compiles their pipelines first: no run card exists yet.
  await expect(page.getByTestId('start-runs')).toHaveText(/^Starting…/);
  expect(await page.getByTestId('run-card').count()).toBe(0);
  await expectLeavePrompt(page);
});

test('settings are kept across a reload; a share link still wins', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption('tiny');
  await page.locator('[data-field="steps"] input').fill('100');
  const before = await controlValues(page);
  expect(before.steps).toBe('100');
  await page.reload();
  await expect(page.getByTestId('gpu-panel')).toBeVisible();
  expect(await controlValues(page)).toEqual(before);
  await page.goto('/#v=2&steps=7');
  await expect(page.locator('[data-field="steps"] input')).toHaveValue('7');
});

/** Opens the page with two saved runs, NTP ('keep') and MuToR ('drop'), and removes MuToR. */
async function removeSavedMutor(page: Page): Promise<void> {
  await page.goto('/');
  await seedSavedRuns(page, [
    { id: 'keep', label: 'NTP', method: 'ntp', experiment: tiny },
    { id: 'drop', label: 'MuToR', method: 'mutor', experiment: tiny },
  ]);
  await page.reload();
  await expect(page.getByTestId('run-card')).toHaveCount(2);
  await runCard(page, 'mutor').getByTestId('remove-run').click();
}

test('a removed run can be brought back with Undo, and is deleted only once Undo is gone', async ({ page }) => {
  const seen = watchPage(page);
  await removeSavedMutor(page);
  await expect(page.getByTestId('run-card')).toHaveCount(1);
  const undo = page.getByTestId('undo-removals');
  await expect(undo).toContainText('Removed MuToR');
  await undo.getByTestId('undo-remove').click();
  await expect(page.getByTestId('run-card')).toHaveCount(2);
  await expect(undo).toHaveCount(0);
  // Removed for good: gone after the undo time, and after a reload.
  await runCard(page, 'mutor').getByTestId('remove-run').click();
  await expect(undo).toHaveCount(0, { timeout: 20_000 });
  await page.waitForTimeout(300);
  await page.reload();
  await expect(page.getByTestId('run-card')).toHaveCount(1);
  await expect(runCard(page, 'ntp')).toBeVisible();
  expect(seen.errors).toEqual([]);
});

test('a reload inside the Undo window finishes the removal: the run never comes back, nothing is left half-deleted', async ({ page }) => {
  const seen = watchPage(page);
  await removeSavedMutor(page);
  await expect(page.getByTestId('undo-removals')).toContainText('Removed MuToR');
  await page.reload();
  await expect(page.getByTestId('run-card')).toHaveCount(1);
  await expect(runCard(page, 'ntp')).toBeVisible();
  await expect(page.getByTestId('undo-removals')).toHaveCount(0);
  // Deleted from this browser for good (the stored run, then the engine's checkpoint), and the mark with it.
  await expect.poll(() => savedRunIds(page)).toEqual(['keep']);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('mutor-playground-removed-runs'))).toBe('[]');
  await page.reload();
  await expect(page.getByTestId('run-card')).toHaveCount(1);
  expect(seen.errors).toEqual([]);
});

test('on a software adapter the quick preset is offered beside Train', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('gpu-panel')).toContainText('software');
  const offer = page.getByTestId('quick-preset-offer');
  await expect(offer).toContainText('Tiny star graph');
  await offer.getByTestId('quick-preset-use').click();
  await expect(page.getByTestId('preset-select')).toHaveValue('tiny');
  await expect(offer).toHaveCount(0);
});

test('help speaks plainly, Escape closes a tip, and a link that cannot be read says so and shows the starting experiment', async ({ page }) => {
  await page.goto('/');
  const helps = await page.locator('.help-text').allTextContents();
  expect(helps.length).toBeGreaterThan(10);
  for (const h of helps) expect(h).not.toMatch(/\b(starGraph|multiTokenHeads|ntp, mutor)\b|true or false|one of [a-z]+[A-Z]/);
  const help = page.locator('[data-field="steps"] .help-button');
  await help.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Shift+Tab'); // keyboard focus: the tip shows
  const tip = page.locator('[data-field="steps"] .help-text');
  await expect(tip).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(tip).toBeHidden();

  await page.goto('/#v=9&steps=7');
  await page.reload();
  const banner = page.getByTestId('link-problems');
  await expect(banner).toContainText('The link could not be used; the page shows its starting experiment.');
  await expect(banner).not.toContainText('One setting');
  await expect(page.getByTestId('preset-select')).not.toHaveValue('');
});
