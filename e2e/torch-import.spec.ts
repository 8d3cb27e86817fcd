// The page's import of a PyTorch job's run (issue 17): metrics.jsonl (and the final weights.bin) dropped on the Runs
// panel become a saved run beside the page's, in the runs table, Try it and the ONNX download, evaluated like
// `mutor import-run` evaluates the same files; bad files are named in one message and change nothing; a run without
// weights (a job that did not finish) opens too; one imported with its weights shows its model in the Generations,
// Attention and Horizons panels, as a gallery run with a shipped model does. The weights here are the job's starting weights (init.bin, the run's
// exact layout): PyTorch itself is not needed to test the page's side.
import { test, expect, type Locator, type Page } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TINY_TORCH_LINK } from '../src/torch/testing';
import { watchPage } from './helpers';

const ROOT = join(import.meta.dirname, '..');
const link = TINY_TORCH_LINK;

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, ['bin/mutor.js', ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
};

/** A metrics.jsonl as train.py writes it: 3 steps, and the "end" line when `finished`. */
function metrics(finished: boolean): string {
  const lines: object[] = [
    { kind: 'run', format: 1, method: 'mutor', link, seed: 7, steps: 20, worldSize: 2, device: 'cpu', torch: '2.1.0' },
    ...[4.1, 3.9, 3.7].map((loss, i) => ({ kind: 'step', step: i + 1, loss, ntpLoss: loss - 0.1, auxLoss: loss + 0.2, lr: 0.01, tokensPerSec: 900, elapsedMs: 100 * (i + 1) })),
  ];
  if (finished) lines.push({ kind: 'end', steps: 3, weights: 'weights.bin', wallMs: 350 });
  return lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
}

/** Drops files (name → bytes) on the import zone, as a drag from the desktop does. */
async function drop(page: Page, zone: Locator, files: Record<string, Buffer>): Promise<void> {
  const payload = Object.entries(files).map(([name, bytes]) => [name, bytes.toString('base64')]);
  const dt = await page.evaluateHandle((list) => {
    const t = new DataTransfer();
    for (const [name, b64] of list) t.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name));
    return t;
  }, payload);
  await zone.dispatchEvent('drop', { dataTransfer: dt });
}

test('a PyTorch run dropped on the page is a saved run, evaluated as mutor import-run does; bad files change nothing', async ({ page }) => {
  test.setTimeout(480_000);
  const seen = watchPage(page);
  const dir = mkdtempSync(join(tmpdir(), 'mutor-e2e-import-'));
  try {
    cli(['export-torch', '--config', link, '--out', join(dir, 'job')]);
    const weights = readFileSync(join(dir, 'job/runs/mutor/init.bin'));
    writeFileSync(join(dir, 'metrics.jsonl'), metrics(true));
    writeFileSync(join(dir, 'weights.bin'), weights);
    cli(['import-run', join(dir, 'metrics.jsonl'), '--out', join(dir, 'ref.json')]);
    const ref = JSON.parse(readFileSync(join(dir, 'ref.json'), 'utf8')) as { evals: { step: number; testAccuracy: number; nextTokenAccuracy: number }[] };

    await page.goto('/');
    const zone = page.getByTestId('import-torch');
    const error = zone.getByTestId('import-torch-error');
    const cards = page.getByTestId('run-card');

    // Bad files: one message naming the file and what is wrong; no run appears.
    await drop(page, zone, { 'broken.jsonl': Buffer.from('{"kind": "run"\n') });
    await expect(error).toHaveText(/^Not imported: broken\.jsonl line 1: not JSON \(expected the metrics\.jsonl of an exported PyTorch job's train\.py\)$/);
    await drop(page, zone, { 'metrics.jsonl': Buffer.from(metrics(true)), 'weights.bin': weights.subarray(0, 100) });
    await expect(error).toHaveText(/^Not imported: weights\.bin holds 100 bytes; this run's model has \d+ floats/);
    await drop(page, zone, { 'metrics.jsonl': Buffer.from(metrics(false)), 'weights.bin': weights });
    await expect(error).toContainText('metrics.jsonl has no "end" line (the job did not finish), so weights.bin is not its final weights');
    await zone.getByTestId('import-torch-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await expect(error).toContainText('notes.txt is neither a metrics .jsonl nor a weights .bin');
    await expect(cards).toHaveCount(0);

    // A job that did not finish: its curves, no evaluation, no model.
    await drop(page, zone, { 'metrics.jsonl': Buffer.from(metrics(false)) });
    const unfinished = cards.filter({ hasText: 'MuToR (PyTorch)' }).first();
    await expect(unfinished.getByTestId('run-provenance')).toContainText('3 steps on PyTorch 2.1.0 on cpu × 2 processes, stopped before the end', { timeout: 180_000 });
    await expect(error).toHaveCount(0);
    await expect(unfinished.getByTestId('run-step')).toHaveText('step 3 / 20');
    await expect(unfinished.getByTestId('run-loss')).toHaveText(/^3\.6/);
    await expect(unfinished.getByTestId('export-onnx')).toHaveCount(0);

    // The finished job with its weights: evaluated here as the CLI evaluates them.
    await drop(page, zone, { 'metrics.jsonl': Buffer.from(metrics(true)), 'weights.bin': weights });
    const done = cards.filter({ hasText: 'MuToR (PyTorch) 2' });
    await expect(done.getByTestId('run-provenance')).toContainText('its final weights evaluated here', { timeout: 180_000 });
    await expect(cards).toHaveCount(2);
    await expect(page.getByTestId('runs-table').locator('tbody tr')).toHaveCount(2);
    const [file] = await Promise.all([page.waitForEvent('download'), done.getByTestId('export-json').click()]);
    const json = JSON.parse(await readFile((await file.path())!, 'utf8')) as { link: string; evals: { step: number; testAccuracy: number; nextTokenAccuracy: number }[]; steps: { loss: number }[] };
    expect(json.link.endsWith(`#${link}`)).toBe(true);
    expect(json.steps.map((s) => s.loss)).toEqual([4.1, 3.9, 3.7]);
    expect(json.evals.map((e) => e.step)).toEqual(ref.evals.map((e) => e.step));
    expect(json.evals[0].testAccuracy).toBe(ref.evals[0].testAccuracy);
    expect(Math.abs(json.evals[0].nextTokenAccuracy - ref.evals[0].nextTokenAccuracy)).toBeLessThan(0.05);
    // Its model: the ONNX download and Try it.
    await expect(done.getByTestId('export-onnx')).toBeVisible();
    await expect(page.getByTestId('tryit-panel').locator('.run-picker label')).toHaveText(['MuToR (PyTorch) 2']);
    // Its model in the panels: its answers to the test prompts, and its attention and registers' predictions at its
    // last step (a snapshot taken at import, as a gallery run ships them).
    await expect(page.getByTestId('generations-panel').locator('thead th')).toHaveText(['Prompt', 'Truth', /MuToR \(PyTorch\) 2 \d+\/4$/]);
    const attention = page.getByTestId('attention-panel');
    await attention.getByTestId('attention-mode').getByLabel('Live attention').check();
    await expect(attention.getByTestId('attention-saved-note')).toContainText('MuToR (PyTorch) 2 was not trained on this page: this is its attention on test example 1 (registers at d = 3) at step 3');
    await expect(attention.getByTestId('live-heatmap')).toBeVisible();
    const horizons = page.getByTestId('horizons-panel');
    await expect(horizons.getByTestId('horizons-saved-note')).toContainText('MuToR (PyTorch) 2 was not trained on this page');
    await expect(horizons.getByTestId('horizon-sample')).toBeVisible();
    await expect(horizons.getByTestId('horizons-step')).toHaveValue('3');

    // Saved: both come back after a reload, the evaluated one with its model.
    await page.reload();
    await expect(cards).toHaveCount(2);
    await expect(cards.filter({ hasText: 'MuToR (PyTorch) 2' }).getByTestId('export-onnx')).toBeVisible();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect(seen.errors).toEqual([]);
});
