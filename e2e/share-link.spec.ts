// Share links: Copy link puts the full URL on the clipboard (or in a text field to copy by hand); opening it restores
// every control and offers to train without starting; broken, tampered or foreign links say what was wrong and fall
// back to defaults with the page still working. No training here: these tests are quick.
import { test, expect } from '@playwright/test';
import { encodeLink, presetById } from '../src/experiment';
import { controlValues, watchPage } from './helpers';

test.describe('copy link', () => {
  test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

  test('copies the full URL; opening it in a new page restores every control and offers to train', async ({ page, context }) => {
    const seen = watchPage(page);
    await page.goto('/');
    await page.getByTestId('preset-select').selectOption('tiny');
    const controls = page.getByTestId('controls-panel');
    // Change a few fields of different kinds so the link carries more than a preset.
    await controls.locator('[data-field="name"] input').fill('Link test (e2e)');
    await controls.locator('details[data-group="optimizer"] > summary').click(); // closed by default
    await controls.locator('[data-field="optimizer.lr"] input').fill('0.003');
    await controls.locator('[data-field="runs"]').getByLabel('Multi-Token heads').check();
    await controls.locator('[data-field="method.registersInPrompt"] input').check();
    await controls.locator('[data-field="steps"] input').fill('7');

    await page.getByTestId('copy-link').click();
    await expect(page.getByTestId('copy-link')).toHaveText('Link copied ✓');
    await expect(page.getByTestId('copy-link-status')).toHaveText(/on your clipboard/);
    const url = await page.evaluate(() => navigator.clipboard.readText());
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#v=2&/);
    expect(url).toContain('lr=0.003');
    const before = await controlValues(page);
    expect(before['optimizer.lr']).toBe('0.003');

    const opened = await context.newPage();
    const seen2 = watchPage(opened);
    await opened.goto(url);
    const offer = opened.getByTestId('link-offer');
    await expect(offer).toBeVisible();
    await expect(offer).toContainText('This link describes an experiment (Link test (e2e)): Train NTP vs MuToR vs Multi-Token heads');
    expect(await controlValues(opened)).toEqual(before);
    await expect(opened.getByTestId('link-problems')).toHaveCount(0);
    // Offered, never started: no run appears by itself.
    await opened.waitForTimeout(1000);
    await expect(opened.getByTestId('runs-empty')).toBeVisible();
    await opened.getByTestId('link-offer-dismiss').click();
    await expect(offer).toHaveCount(0);
    expect([...seen.errors, ...seen2.errors]).toEqual([]);
  });
});

test('without a clipboard API, Copy link shows the URL in a selected text field', async ({ page }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'clipboard', { get: () => undefined }));
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption('tiny');
  await page.getByTestId('copy-link').click();
  const field = page.getByTestId('copy-link-field');
  await expect(field).toBeVisible();
  await expect(page.getByTestId('copy-link-fallback')).toContainText('Copy this link');
  await expect(field).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\/#v=2&.*steps=20/);
  await expect(field).toBeFocused();
  expect(await field.evaluate((el: HTMLInputElement) => el.selectionEnd! - el.selectionStart!)).toBe((await field.inputValue()).length);
});

const tiny = encodeLink(presetById('tiny')!.config);
const BAD_LINKS: { what: string; link: string; message: RegExp }[] = [
  { what: 'truncated mid-escape', link: tiny.slice(0, tiny.indexOf('%20') + 2), message: /name=Tiny%2.*broken %-escape/ },
  { what: 'a newer version', link: 'v=3&lr=0.003', message: /version 3 comes from a newer playground.*default experiment/ },
  { what: 'an older version', link: 'v=0&lr=0.003', message: /version 0 is older/ },
  { what: 'lr out of range', link: 'v=2&lr=5', message: /Learning rate \(lr\): '5' must be a number in \(0, 1\]; using the default/ },
  { what: 'lr NaN', link: 'v=2&lr=NaN', message: /Learning rate \(lr\): 'NaN' is not a finite number/ },
  { what: 'a script in the name', link: 'v=2&name=<script>alert(1)</script>', message: /Name \(name\):.*script.*using the default/ },
  { what: 'an unknown task', link: 'v=2&task=nosuch', message: /Task \(task\): 'nosuch' must be one of/ },
];

test('bad links name the bad field, fall back to defaults and leave the page working', async ({ page }) => {
  const seen = watchPage(page);
  for (const [i, bad] of BAD_LINKS.entries()) {
    await test.step(bad.what, async () => {
      await page.goto(`/?case=${i}#${bad.link}`);
      const banner = page.getByTestId('link-problems');
      await expect(banner).toBeVisible();
      await expect(banner).toBeInViewport();
      await expect(banner).toContainText(bad.message);
      // Nothing from the link became markup or ran.
      await expect(page.locator('script', { hasText: 'alert' })).toHaveCount(0);
      expect(await page.evaluate(() => document.body.innerHTML.includes('<script>alert'))).toBe(false);
      // Defaults where the link was bad; the controls still work.
      const lr = page.locator('[data-field="optimizer.lr"] input');
      await expect(lr).toHaveValue(bad.what.startsWith('lr') ? '0.001' : /.+/);
      const steps = page.locator('[data-field="steps"] input');
      await steps.fill('9');
      await expect(steps).toHaveValue('9');
      await expect(page.getByTestId('start-runs')).toHaveAttribute('title', /9 steps|GPU|WebGPU/);
      await banner.getByRole('button', { name: 'Dismiss link problems' }).click();
      await expect(banner).toHaveCount(0);
    });
  }
  expect(seen.dialogs).toEqual([]);
  expect(seen.errors).toEqual([]);
});
