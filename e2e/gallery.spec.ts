// The gallery of trained runs (public/gallery, made by scripts/gallery.sh): a fresh profile opens the page, clicks a
// gallery entry, and the panels show the trained runs' data: exact match well above chance in the run cards and
// generations, a register row of attention far from uniform, the registers' predictions and the curves.
import { test, expect, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { runCard, watchPage } from './helpers';

/** Percentages the attention map's readout gives for every cell of row `row` (keyboard: focus, then arrows). */
async function attentionRow(page: Page, row: number, cells: number): Promise<number[]> {
  const map = page.getByTestId('live-heatmap');
  const canvas = map.locator('canvas');
  await canvas.focus();
  for (let r = 0; r < row; r++) await canvas.press('ArrowDown');
  const out: number[] = [];
  for (let c = 0; c < cells; c++) {
    if (c > 0) await canvas.press('ArrowRight');
    const text = await map.locator('.heatmap-readout').innerText();
    const pct = /: (\d+(?:\.\d+)?)% of its attention/.exec(text);
    out.push(pct ? Number(pct[1]) / 100 : 0);
  }
  return out;
}

test('a gallery entry opens trained runs in every panel', async ({ page }) => {
  const seen = watchPage(page);
  await page.goto('/');
  const entry = page.locator('[data-testid="gallery-entry"][data-entry-id="star-graph"]');
  await expect(entry.getByTestId('gallery-made')).toContainText('mutor experiment');
  await expect(entry.getByTestId('gallery-made')).toContainText('v=2&');
  await entry.getByTestId('gallery-open').click();

  // Three saved runs, each at the end of its budget with its provenance line.
  await expect(page.getByTestId('run-card')).toHaveCount(3);
  const mutor = runCard(page, 'mutor');
  await expect(mutor.getByTestId('run-step')).toHaveText('step 600 / 600');
  await expect(mutor.getByTestId('run-provenance')).toContainText('mutor experiment');

  // Generations: every run answers the 100 test prompts; exact match well above 0 (the Clever Hans plateau is ~50%).
  const heads = page.getByTestId('generations-panel').locator('thead th');
  await expect(heads).toHaveCount(5);
  for (const i of [2, 3, 4]) {
    const [right, total] = (/(\d+)\/(\d+)/.exec(await heads.nth(i).innerText()) ?? []).slice(1).map(Number);
    expect(total).toBe(100);
    expect(right / total).toBeGreaterThan(0.3);
  }

  // Attention: the MuToR run's stored snapshot at its last step; the last register's row is far from uniform.
  const attention = page.getByTestId('attention-panel');
  await attention.getByTestId('attention-mode').getByLabel('Live attention').check();
  await expect(attention.getByTestId('attention-saved-note')).toContainText('at step 600');
  await expect(attention.getByTestId('attention-step').locator('option')).toHaveText(['100', '200', '300', '400', '500', '600']);
  // The whole sequence of test example 1: 16 prompt tokens, then R a0 R a1 R a2 R ⟨eos⟩. The last register (row 22)
  // may look at the 16 prompt tokens, the three answer tokens before it and itself: uniform would be 5% each.
  await attention.getByTestId('attention-region').getByLabel('whole sequence').check();
  const row = await attentionRow(page, 22, 24);
  expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 1);
  expect(row.filter((p) => p > 0).length).toBe(20);
  expect(Math.max(...row)).toBeGreaterThan(0.3);

  // Horizons: the registers' top guesses at the last step, right for some, and accuracy by offset over training.
  const horizons = page.getByTestId('horizons-panel');
  await expect(horizons.getByTestId('horizon-sample')).toBeVisible();
  const [right] = (/Top-1 right for (\d+) of (\d+)/.exec(await horizons.locator('.panel-sub').innerText()) ?? []).slice(1).map(Number);
  expect(right).toBeGreaterThanOrEqual(1);
  await expect(horizons.getByTestId('horizons-step')).toHaveValue('600');
  expect(Number(await page.getByTestId('chart-horizons').getAttribute('data-points'))).toBeGreaterThan(0);
  expect(Number(await page.getByTestId('chart-accuracy').getAttribute('data-points'))).toBeGreaterThan(0);

  // Opened runs are saved runs: they come back after a reload, with their snapshots.
  await page.reload();
  await expect(page.getByTestId('run-card')).toHaveCount(3);
  await expect(runCard(page, 'mutor').getByTestId('run-provenance')).toContainText('mutor experiment');
  // Its ONNX button downloads the trained model shipped with it (after a reload too).
  const [file] = await Promise.all([page.waitForEvent('download'), runCard(page, 'mutor').getByTestId('export-onnx').click()]);
  expect(file.suggestedFilename()).toMatch(/\.onnx$/);
  const shipped = await readFile(fileURLToPath(new URL('../public/gallery/star-graph/mutor.onnx', import.meta.url)));
  expect((await readFile((await file.path())!)).equals(shipped)).toBe(true);
  expect(seen.errors).toEqual([]);
});

// Generating is left out: onnxruntime-web on SwiftShader takes minutes for nano here; the model's bytes are the
// shipped file (the ONNX download above checks them), which Try it loads through the same runOnnx.
test("Try it offers the gallery runs, which carry their model", async ({ page }) => {
  const seen = watchPage(page);
  await page.goto('/');
  await page.locator('[data-testid="gallery-entry"][data-entry-id="star-graph"]').getByTestId('gallery-open').click();
  await expect(page.getByTestId('run-card')).toHaveCount(3);
  const tryit = page.getByTestId('tryit-panel');
  // The gallery runs are saved runs, but they carry their model: Try it offers them instead of "start a run".
  await expect(tryit.getByTestId('tryit-empty')).toHaveCount(0);
  await expect(tryit.locator('.run-picker label')).toHaveText(['NTP (gallery)', 'MuToR (gallery)', 'Multi-Token heads (gallery)']);
  await tryit.locator('.run-picker label', { hasText: 'Multi-Token heads (gallery)' }).click();
  await expect(tryit.locator('.run-picker input:checked')).toHaveCount(1);
  await expect(tryit.locator('.run-picker label', { has: page.locator('input:checked') })).toHaveText('Multi-Token heads (gallery)');
  await expect(tryit.getByTestId('tryit-generate')).toBeEnabled();
  expect(seen.errors).toEqual([]);
});

test('in the three-column layout at 1280 px a run card\'s name reads whole: never under its badges, broken only between words', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto('/');
  await page.locator('[data-testid="gallery-entry"][data-entry-id="star-graph"]').getByTestId('gallery-open').click();
  await expect(page.getByTestId('run-card')).toHaveCount(3);
  const cards = await page.getByTestId('run-card').evaluateAll((els) => els.map((card) => {
    const name = card.querySelector<HTMLElement>('.run-name')!;
    const box = (el: Element) => el.getBoundingClientRect();
    const n = box(name);
    const overlaps = [...card.querySelectorAll('.saved-badge, .status, .remove-run')].some((b) => {
      const r = box(b);
      return r.left < n.right && n.left < r.right && r.top < n.bottom && n.top < r.bottom;
    });
    // Each word of the name on one line: a word split across lines would have rects on two lines.
    const range = document.createRange();
    let splitWord = false;
    const text = name.textContent ?? '';
    for (const m of text.matchAll(/\S+/g)) {
      const node = [...name.childNodes].flatMap((c) => (c.nodeType === Node.TEXT_NODE ? [c] : [...c.childNodes])).find((c) => c.textContent?.includes(m[0]));
      if (!node) continue;
      const at = node.textContent!.indexOf(m[0]);
      range.setStart(node, at);
      range.setEnd(node, at + m[0].length);
      if (new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size > 1) splitWord = true;
    }
    return { text, overlaps, splitWord, lines: Math.round(n.height / parseFloat(getComputedStyle(name).lineHeight || '20')) };
  }));
  for (const c of cards) {
    expect(c.overlaps, c.text).toBe(false);
    expect(c.splitWord, c.text).toBe(false);
    expect(c.lines, c.text).toBeLessThanOrEqual(2);
  }
});
