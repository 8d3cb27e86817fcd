// Fashion-MNIST in the page: the MuToR-2D preset trains on SwiftShader and the image panels draw with finite numbers:
// sampled images per class, test bits per pixel, the registers' guesses as gray levels, their accuracy by (d_h, d_w)
// as a heat grid, and the interleaving panel's image with a register's target and its pair. Kept cheap: the preset's
// task, method and knobs, with the least model and budget that still evaluates (1 step, 2 test images).
import { test, expect, type Locator } from '@playwright/test';
import { cloneExperiment, encodeLink, presetById } from '../src/experiment';
import { runCard, watchPage } from './helpers';

const preset = cloneExperiment(presetById('fashion-mnist-mutor2d')!.config);
const experiment = {
  ...preset,
  name: 'Fashion-MNIST e2e',
  model: { ...preset.model, scratch: { dModel: 16, nLayers: 1, nHeads: 2, dFF: 32, maxLen: 320 } },
  data: { ...preset.data, trainSize: 16, testSize: 4 },
  optimizer: { ...preset.optimizer, batchSize: 2, warmupSteps: 0 },
  steps: 1,
  evalEvery: 1,
  evalSize: 2,
};
const link = encodeLink(experiment);

/** How many of a canvas's pixels are opaque (a GrayImage paints every cell opaque; an undrawn canvas has none). */
function paintedPixels(canvas: Locator): Promise<number> {
  return canvas.evaluate((c: HTMLCanvasElement) => {
    const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] === 255) n++;
    return n;
  });
}

test('the Fashion-MNIST MuToR-2D preset trains; samples, bits per pixel, gray-level guesses and the (d_h, d_w) accuracy grid show finite numbers', async ({ page }) => {
  // Measured 2026-12-03 on 2 cores at load average 18: 196 s from page load to the run done, 11 s of checks (3.6 min).
  test.setTimeout(360_000);
  const seen = watchPage(page);
  const started = Date.now();
  await page.goto(`/#${link}`);
  await page.getByTestId('link-offer-train').click();
  const card = runCard(page, 'mutor2d');
  await expect(card.getByTestId('run-status')).toHaveText('done', { timeout: 300_000 });
  const trained = Date.now();

  // Generations: a real image and the run's samples per class, each drawn, and the run's test bits per pixel.
  const generations = page.getByTestId('image-generations');
  const samples = generations.getByRole('img', { name: /MuToR-2D's sample of/ });
  await expect(samples).toHaveCount(2);
  for (const canvas of await samples.all()) expect(await paintedPixels(canvas)).toBe(144);
  const bits = generations.getByTestId('image-bits');
  await expect(bits).toHaveText(/^ · \d+\.\d\d bits\/pixel$/);
  const bitsPerPixel = Number(await bits.getAttribute('data-value'));
  expect(bitsPerPixel).toBeGreaterThan(0);
  expect(bitsPerPixel).toBeLessThan(8); // a model no worse than ~6x uniform over 8 levels (3 bits)

  // Prediction horizons: the registers' top guesses as gray levels beside the truth, named by their pair.
  const horizons = page.getByTestId('horizons-panel');
  const guesses = horizons.getByTestId('image-horizons');
  await expect(guesses).toContainText(/top-1 guesses at \(d_h, d_w\) = \(\d, \d\)/);
  await expect(guesses.getByRole('img', { name: /registers' top guesses/ })).toBeVisible();
  expect(await paintedPixels(guesses.getByRole('img', { name: /registers' top guesses/ }))).toBe(144);

  // ... and their accuracy by (d_h, d_w): a 3×3 grid of percentages in [0, 1], (1, 1) the next token, a labelled scale.
  const grid = horizons.getByTestId('horizon-grid');
  await expect(grid).toContainText('at step 1');
  const cells = grid.getByTestId('horizon-grid-cell');
  await expect(cells).toHaveCount(9);
  for (const cell of await cells.all()) {
    const v = Number(await cell.getAttribute('data-value'));
    expect(Number.isFinite(v) && v >= 0 && v <= 1, `cell value ${v}`).toBe(true);
    await expect(cell).toHaveText(/^\d+%(next)?$/);
  }
  await expect(grid.getByRole('columnheader')).toHaveText(['d_h \\ d_w', '1', '2', '3']);
  await expect(grid.getByRole('rowheader')).toHaveText(['1', '2', '3']);
  await expect(grid.getByTestId('horizon-grid-scale')).toContainText(/^(\d+\.\d%){5}$/);

  // Register interleaving opens on MuToR-2D's layout: the image with a register's source and target outlined, and
  // its pair. A pair picked in the grid is the one whose guesses are drawn, and the interleaving panel lays it out.
  const layout = page.getByTestId('interleaving-panel').getByTestId('image-layout');
  await expect(page.getByTestId('preview-method').getByRole('radio', { name: 'MuToR-2D' })).toBeChecked();
  await expect(layout.getByRole('img')).toBeVisible();
  await expect(layout.locator('.gray-image-mark')).toHaveCount(2);
  await expect(layout).toContainText(/The register after pixel \(\d+, \d+\) predicts pixel \(\d+, \d+\) \(\(d_h, d_w\) = \(\d, \d\), raster offset d = \d+\)/);
  await grid.getByRole('button', { name: /^\(2, 3\):/ }).click();
  await expect(guesses).toContainText('top-1 guesses at (d_h, d_w) = (2, 3)');
  await expect(layout).toContainText('(d_h, d_w) = (2, 3), raster offset d = 14');
  const [r, c, tr, tc] = /after pixel \((\d+), (\d+)\) predicts pixel \((\d+), (\d+)\)/.exec(await layout.innerText())!.slice(1).map(Number);
  expect([tr - r, tc - c]).toEqual([1, 2]);
  // The token strip gives image tokens and registers their 2D position ids, row,col.
  const chip = page.getByTestId('interleaving-panel').getByRole('listitem', { name: /^register \d+, d 14, position \d+,\d+, predicts/ });
  await expect(chip.first()).toBeVisible();

  expect(seen.errors).toEqual([]);
  const s = (ms: number) => (ms / 1000).toFixed(1);
  console.log(`fashion-mnist spec: ${s(trained - started)} s from page load to the run done, ${s(Date.now() - trained)} s of checks`);
});
