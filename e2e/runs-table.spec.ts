// The runs table: every run with its metrics and the settings on which the runs differ; sorting; two runs ticked
// are the only ones the curves draw.
import { test, expect } from '@playwright/test';
import { cloneExperiment, presetById } from '../src/experiment';
import { seedSavedRuns, watchPage } from './helpers';

const withLr = (lr: number) => {
  const e = cloneExperiment(presetById('tiny')!.config);
  e.optimizer.lr = lr;
  return e;
};

test('two runs with different learning rates appear in the runs table with lr as the differing field', async ({ page }) => {
  const seen = watchPage(page);
  await page.goto('/');
  await seedSavedRuns(page, [
    { id: 'slow', label: 'NTP', method: 'ntp', experiment: withLr(0.001), steps: 4, testAccuracy: 0.25 },
    { id: 'fast', label: 'NTP 2', method: 'ntp', experiment: withLr(0.003), steps: 6, testAccuracy: 0.5 },
    { id: 'reg', label: 'MuToR', method: 'mutor', experiment: withLr(0.001), steps: 5, testAccuracy: 0.75 },
  ]);
  await page.reload();
  const table = page.getByTestId('runs-table');
  await expect(table.locator('tbody tr')).toHaveCount(3);
  await expect(table.getByTestId('differing-fields')).toHaveText('They differ in: lr (Learning rate).');
  await expect(table.locator('thead th').last()).toHaveText('lr');
  const lrs = () => table.locator('td[data-col="field:lr"]').allInnerTexts();
  expect(await lrs()).toEqual(['0.001', '0.003', '0.001']);

  // Sort by test accuracy, then the other way.
  await table.getByRole('button', { name: 'Test acc' }).click();
  await expect(table.locator('td[data-col="testAccuracy"]')).toHaveText(['25%', '50%', '75%']);
  await table.getByRole('button', { name: 'Test acc' }).click();
  await expect(table.locator('td[data-col="testAccuracy"]')).toHaveText(['75%', '50%', '25%']);

  // Overlay the two NTP runs: the curves draw just those two, until "Show all runs".
  const legend = page.getByTestId('curves-panel').locator('.run-legend li');
  await expect(legend).toHaveCount(3);
  await table.getByLabel('Overlay NTP', { exact: true }).check();
  await table.getByLabel('Overlay NTP 2').check();
  await expect(legend).toHaveCount(2);
  await expect(table.getByTestId('differing-fields')).toContainText('Overlaying the two ticked runs.');
  await table.getByTestId('overlay-clear').click();
  await expect(legend).toHaveCount(3);
  expect(seen.errors).toEqual([]);
});

test('a click on a curves legend entry hides that run, another shows it, and one button hides or shows them all', async ({ page }) => {
  const seen = watchPage(page);
  await page.goto('/');
  await seedSavedRuns(page, [
    { id: 'a', label: 'NTP', method: 'ntp', experiment: withLr(0.001), steps: 4 },
    { id: 'b', label: 'NTP 2', method: 'ntp', experiment: withLr(0.003), steps: 6 },
    { id: 'c', label: 'MuToR', method: 'mutor', experiment: withLr(0.001), steps: 5 },
  ]);
  await page.reload();
  // Saved runs without a checkpoint hold no model here: no (dead) ONNX button, their JSON and CSV still download.
  await expect(page.getByTestId('run-card').first().getByTestId('export-json')).toBeVisible();
  await expect(page.getByTestId('export-onnx')).toHaveCount(0);
  const panel = page.getByTestId('curves-panel');
  const ntp = panel.getByTestId('chart-ntp');
  const entry = (label: string) => panel.getByTestId('legend-run').filter({ hasText: new RegExp(`^${label}\\b`) });
  await expect(ntp).toHaveAttribute('data-points', '15');
  await entry('NTP 2').click();
  await expect(entry('NTP 2')).toHaveAttribute('aria-pressed', 'false');
  await expect(ntp).toHaveAttribute('data-points', '9');
  await expect(panel.getByTestId('chart-aux')).toHaveAttribute('data-points', '9'); // every chart leaves it out
  await entry('MuToR').click();
  await expect(ntp).toHaveAttribute('data-points', '4');
  await entry('NTP 2').click();
  await expect(ntp).toHaveAttribute('data-points', '10');
  const all = panel.getByTestId('legend-all');
  await expect(all).toHaveText('Show all');
  await all.click();
  await expect(ntp).toHaveAttribute('data-points', '15');
  await expect(all).toHaveText('Hide all');
  await all.click();
  await expect(ntp).toHaveAttribute('data-points', '0');
  await expect(panel).toContainText('Every run is hidden');
  await page.setViewportSize({ width: 1280, height: 900 });
  await all.click();
  await entry('NTP 2').click();
  await panel.screenshot({ path: 'test-results/curves-legend.png' });
  expect(seen.errors).toEqual([]);
});
