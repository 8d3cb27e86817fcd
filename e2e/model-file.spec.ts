import { test, expect } from '@playwright/test';
import { fileURLToPath } from 'node:url';

const NANO = fileURLToPath(new URL('../public/models/nano.onnx', import.meta.url));
const FOREIGN = { name: 'foreign.onnx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a model at all') };

test('one clear model-file control: a user ONNX file becomes the base model; a foreign file says the model in use did not change', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/');
  await page.locator('details[data-group="model"] select').first().selectOption('file');
  const picker = page.getByTestId('model-file');
  // The name and checksum come from the chosen file: no text boxes for them, and the missing file is said once.
  await expect(page.locator('[data-field="model.fileName"], [data-field="model.fileSha256"]')).toHaveCount(0);
  await expect(picker.getByTestId('model-file-status')).toHaveText('No file chosen yet: choose one to train from it.');
  await expect(page.getByTestId('runs-panel')).toContainText('Fix the settings before training: choose your ONNX model file under Model.');
  await expect(page.getByTestId('controls-panel').locator('.field-problem')).toHaveCount(0);

  await picker.locator('input[type=file]').setInputFiles(FOREIGN);
  await expect(picker.getByRole('alert')).toHaveText(/^foreign\.onnx was not loaded: onnx import: not an ONNX model.*No model file is in use\.$/);
  await picker.locator('input[type=file]').setInputFiles(NANO);
  await expect(picker.getByTestId('model-file-status')).toHaveText('In use: nano.onnx (4 layers, d_model 64, 4 heads, maxLen 160).');
  await expect(picker.getByRole('alert')).toHaveCount(0);
  // A bad file after a good one: the good one stays in use, and the page says so next to the error.
  await picker.locator('input[type=file]').setInputFiles(FOREIGN);
  await expect(picker.getByRole('alert')).toContainText('The model in use is still nano.onnx.');
  await expect(picker.getByTestId('model-file-status')).toContainText('In use: nano.onnx');
  // Dropped on the control, a file is read like a chosen one.
  const dropped = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(['still not a model'], 'dropped.onnx'));
    return dt;
  });
  await picker.dispatchEvent('drop', { dataTransfer: dropped });
  await expect(picker.getByRole('alert')).toHaveText(/^dropped\.onnx was not loaded: .*The model in use is still nano\.onnx\.$/);
  expect(errors).toEqual([]);
});
