// Your own data: prompt → answer pairs pasted or chosen as a file become the custom task. A file with a character the
// tokenizer lacks is refused in one line naming it and where it is; a good file trains and evaluates like the
// built-in tasks, and the share link carries its name and SHA-256 and asks the recipient for it.
import { test, expect } from '@playwright/test';
import { runCard, watchPage } from './helpers';

/** 60 reversal pairs of distinct strings over a small alphabet, as CSV with a header. */
function pairsCsv(): string {
  const lines = ['prompt,answer'];
  for (let i = 6; i < 66; i++) {
    const s = [...i.toString(6)].map((d) => 'abcdef'[Number(d)]).join('');
    lines.push(`rev:${s}=,${[...s].reverse().join('')}`);
  }
  return lines.join('\n');
}

test('a custom data file trains and evaluates; an unsupported character is named in one line', async ({ page }) => {
  test.setTimeout(600_000); // 2 × 20 steps on SwiftShader, on a shared machine
  const seen = watchPage(page);
  await page.goto('/');
  await page.getByTestId('preset-select').selectOption('tiny');
  await page.locator('[data-field="task.name"] select').selectOption('custom');
  const picker = page.getByTestId('data-file');
  await expect(picker).toBeVisible();
  await expect(page.getByTestId('start-runs')).toBeDisabled();

  // Pasted pairs with characters the tokenizer lacks: one line, each character and where it is.
  await picker.getByTestId('data-paste').fill('prompt,answer\nrev:ab=,ba\nrev:Éa=,aé\nrev:ab=,ba\nrev:cd=,dc\nrev:ef=,fe');
  await picker.getByTestId('data-paste-use').click();
  const error = picker.getByTestId('data-file-error');
  await expect(error).toHaveText(
    /^pasted data: unsupported characters "É" "é": "É" at line 3, prompt column 5; "é" at line 3, answer column 2\. The tokenizer knows digits, lowercase letters/,
  );
  expect((await error.innerText()).includes('\n')).toBe(false);

  // A good file: loaded, and the runs train on it to the end and score its held-out prompts.
  await picker.locator('#data-file-input').setInputFiles({ name: 'pairs.csv', mimeType: 'text/csv', buffer: Buffer.from(pairsCsv()) });
  await expect(picker.getByTestId('data-file-loaded')).toHaveText('Loaded pairs.csv: 60 pairs.');
  await expect(error).toHaveCount(0);
  await page.getByTestId('start-runs').click();
  await expect(page.getByTestId('run-card')).toHaveCount(2);
  for (const method of ['ntp', 'mutor']) await expect(runCard(page, method).getByTestId('run-status')).toHaveText('done', { timeout: 400_000 });
  const heads = page.getByTestId('generations-panel').locator('thead th');
  // 12 test prompts: a fifth of the 60 distinct prompts (Test examples asks for 16).
  for (const i of [2, 3]) await expect(heads.nth(i)).toHaveText(/\d+\/12$/);
  const prompts = await page.getByTestId('generations-panel').locator('tbody td.prompt-cell').allInnerTexts();
  expect(prompts.length).toBeGreaterThan(0);
  for (const p of prompts) expect(p).toMatch(/^rev:[a-f]+=$/);

  // The link names the file; opened elsewhere, the page asks for it and does not train without it.
  await page.getByTestId('copy-link').click();
  const link = new URL(page.url()).hash;
  expect(link).toMatch(/&task=custom&.*dfile=pairs\.csv&dsha=[0-9a-f]{64}/);
  const other = await page.context().browser()!.newPage();
  await other.goto(`/${link}`);
  await expect(other.getByTestId('data-file')).toContainText(/This experiment asks for pairs\.csv \(SHA-256 [0-9a-f]{12}…\): choose or drop it here/);
  await expect(other.getByTestId('link-offer')).toBeVisible();
  expect(seen.errors).toEqual([]);
});
