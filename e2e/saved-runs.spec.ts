// Saved runs and downloads: a run trained from a link is saved in IndexedDB, comes back after a reload with its
// curve (marked saved, without pause/step), downloads as JSON / CSV / ONNX (after the reload from its checkpoint),
// and removing it deletes it from storage.
import { readFile } from 'node:fs/promises';
import { test, expect, type Page } from '@playwright/test';
import { cloneExperiment, encodeLink, presetById } from '../src/experiment';
import { chartPoints, runCard, seedSavedRuns, waitForStep, watchPage } from './helpers';

// The tiny preset, MuToR only: the least work that still has registers.
const experiment = { ...cloneExperiment(presetById('tiny')!.config), runs: ['mutor' as const], name: 'Saved run e2e' };
const link = encodeLink(experiment);

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), runCard(page, 'mutor').getByTestId(testId).click()]);
  return { name: file.suggestedFilename(), bytes: await readFile((await file.path())!) };
}

test('a run is saved, listed with its curve after a reload, downloads as JSON, CSV and ONNX, and remove deletes it', async ({ page }) => {
  const seen = watchPage(page);
  await page.goto(`/#${link}`);
  // Opened from a link: offered, then started from the banner.
  await page.getByTestId('link-offer-train').click();
  await expect(page.getByTestId('link-offer')).toHaveCount(0);
  const card = runCard(page, 'mutor');
  await waitForStep(card, 2);
  await card.getByTestId('stop-run').click();
  await expect(card.getByTestId('run-status')).toHaveText('stopped');

  // JSON: the run's config, link, curves and summary.
  const json = await download(page, 'export-json');
  expect(json.name).toBe('mutor-saved-run-e2e-mutor.json');
  const doc = JSON.parse(json.bytes.toString('utf8'));
  expect(doc).toMatchObject({ format: 'mutor-run', run: { method: 'mutor', status: 'stopped' }, experiment: { name: 'Saved run e2e', steps: 20 } });
  expect(doc.link).toMatch(/#v=2&name=Saved%20run%20e2e&/);
  expect(doc.steps.length).toBeGreaterThanOrEqual(2);
  expect(doc.steps[0]).toEqual(expect.objectContaining({ step: 1, loss: expect.any(Number), ntpLoss: expect.any(Number), auxLoss: expect.any(Number) }));
  await expect.poll(async () => JSON.parse((await download(page, 'export-json')).bytes.toString('utf8')).summary?.steps).toBeGreaterThanOrEqual(2);

  // CSV: a header, then one row per step point.
  const csv = (await download(page, 'export-csv')).bytes.toString('utf8').trim().split('\n');
  expect(csv[0]).toMatch(/^kind,step,loss,ntpLoss,auxLoss,lr,tokensPerSec,elapsedMs,testAccuracy,nextTokenAccuracy/);
  expect(csv.filter((l) => l.startsWith('step,'))).toHaveLength(doc.steps.length);

  // ONNX: the tuned model from the Worker (a protobuf ModelProto: field 1, ir_version, comes first).
  const onnx = await download(page, 'export-onnx');
  expect(onnx.name).toBe('mutor-saved-run-e2e-mutor.onnx');
  expect(onnx.bytes.length).toBeGreaterThan(10_000);
  expect(onnx.bytes[0]).toBe(0x08);

  // Reload: the run is still listed, from storage, with its curve.
  const points = await chartPoints(page.getByTestId('chart-ntp'));
  await page.waitForTimeout(300); // the final write was immediate; give IndexedDB a moment anyway
  await page.reload();
  await expect(page.getByTestId('run-card')).toHaveCount(1);
  const saved = runCard(page, 'mutor');
  await expect(saved.getByTestId('saved-badge')).toBeVisible();
  await expect(saved.getByTestId('saved-badge')).toHaveText('saved');
  await expect(saved.getByTestId('run-status')).toHaveText('stopped');
  await expect(saved.getByTestId('run-loss')).toHaveText(/^\d+\.\d+$/);
  await expect(saved.getByTestId('pause-run')).toHaveCount(0);
  await expect(saved.getByTestId('step-run')).toHaveCount(0);
  // Stopped, it keeps its checkpoint: the model downloads from it, the very file of before the reload.
  expect((await download(page, 'export-onnx')).bytes.equals(onnx.bytes)).toBe(true);
  await expect(page.getByTestId('chart-ntp')).toHaveAttribute('data-points', String(points));
  expect(points).toBeGreaterThanOrEqual(2);
  const again = JSON.parse((await download(page, 'export-json')).bytes.toString('utf8'));
  expect(again.steps).toEqual(doc.steps);

  // Remove: gone from the page at once, from storage once Undo is no longer offered.
  await saved.getByTestId('remove-run').click();
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  await expect(page.getByTestId('undo-removals')).toHaveCount(0, { timeout: 20_000 });
  await page.waitForTimeout(300);
  await page.reload();
  await expect(page.getByTestId('gpu-panel')).toBeVisible();
  await page.waitForTimeout(500);
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  expect(seen.errors).toEqual([]);
});

test('a run interrupted by a reload comes back as saved', async ({ page }) => {
  await page.goto('/');
  // A run in storage as if the page had gone away mid-run at step 3 of 20, without training.
  await seedSavedRuns(page, [{ id: 'run-interrupted', label: 'MuToR', method: 'mutor', experiment, status: 'running', steps: 3 }]);
  await page.reload();
  const card = runCard(page, 'mutor');
  await expect(card.getByTestId('saved-badge')).toHaveText('saved');
  await expect(card).toContainText('Interrupted by a reload.');
  await expect(card.getByTestId('run-step')).toHaveText('step 3 / 20');
  await expect(card.getByTestId('resume-run')).toHaveCount(0);
  await expect(page.getByTestId('chart-ntp')).toHaveAttribute('data-points', '3');
});

test('without storage (private mode) the page says runs will not be kept and keeps working', async ({ page }) => {
  const seen = watchPage(page);
  await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined }));
  await page.goto('/');
  const problem = page.getByTestId('storage-problem');
  await expect(problem).toContainText('does not let the page store data');
  await expect(problem).toContainText('Runs stay on this page until you reload or close it');
  await page.getByTestId('preset-select').selectOption('tiny');
  await expect(page.getByTestId('start-runs')).toBeEnabled();
  await problem.getByRole('button', { name: 'Dismiss' }).click();
  await expect(problem).toHaveCount(0);
  expect(seen.errors).toEqual([]);
});
