import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const NANO = fileURLToPath(new URL('../public/models/nano.onnx', import.meta.url));

test('a user ONNX file becomes the base model; a foreign file gets a one-line error and changes nothing', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.locator('details[data-group="model"] select').first().selectOption('file');
  const picker = page.getByTestId('model-file');
  await picker.locator('input[type=file]').setInputFiles({ name: 'foreign.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') });
  await expect(picker.getByRole('alert')).toContainText(/foreign\.onnx: onnx import: not an ONNX model/);
  await picker.locator('input[type=file]').setInputFiles(NANO);
  await expect(picker).toContainText('Loaded nano.onnx: 4 layers, d_model 64, 4 heads');
  await expect(picker.getByRole('alert')).toHaveCount(0);
  expect(errors).toEqual([]);
});
