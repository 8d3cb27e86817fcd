// The page's PyTorch export (issue 17): a run card's PyTorch button downloads a zip of the job `mutor export-torch`
// writes for the run's link and method, the same bytes file by file (batches, starting weights, job.json, train.py).
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { runCard, watchPage } from './helpers';

const ROOT = join(import.meta.dirname, '..');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).map((f) => relative(dir, join(dir, f))).sort();
}

test('a run card downloads its PyTorch job as a zip, the files mutor export-torch writes', async ({ page }) => {
  const seen = watchPage(page);
  const index = JSON.parse(readFileSync(join(ROOT, 'public/gallery/index.json'), 'utf8')) as { entries: { id: string; link: string }[] };
  const entry = index.entries.find((e) => e.id === 'star-graph')!;
  await page.goto('/');
  await page.locator('[data-testid="gallery-entry"][data-entry-id="star-graph"]').getByTestId('gallery-open').click();
  const card = runCard(page, 'mutor');
  await expect(card).toBeVisible();

  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), card.getByTestId('export-torch').click()]);
  expect(download.suggestedFilename()).toMatch(/-mutor-gallery\.pytorch\.zip$/);
  const work = mkdtempSync(join(tmpdir(), 'mutor-e2e-torch-'));
  try {
    const page_ = join(work, 'page'), cli = join(work, 'cli');
    const unzip = spawnSync('unzip', ['-q', (await download.path())!, '-d', page_], { encoding: 'utf8' });
    expect(unzip.status, unzip.stderr).toBe(0);
    const r = spawnSync(process.execPath, ['bin/mutor.js', 'export-torch', '--config', entry.link, '--method', 'mutor', '--out', cli], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);

    const files = filesUnder(page_);
    expect(files).toEqual(['README.md', 'experiment.json', 'runs/mutor/batches-00000.bin', 'runs/mutor/init.bin', 'runs/mutor/job.json', 'train.py']);
    expect(filesUnder(cli)).toEqual(files);
    for (const f of files) expect(readFileSync(join(page_, f)).equals(readFileSync(join(cli, f))), `${f} differs from the CLI's`).toBe(true);
    const experiment = JSON.parse(readFileSync(join(page_, 'experiment.json'), 'utf8')) as { runs: string[]; experiment: { steps: number } };
    expect(experiment.runs).toEqual(['mutor']);
    expect(statSync(join(page_, 'runs/mutor/batches-00000.bin')).size).toBeGreaterThan(experiment.experiment.steps * 1000);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  expect(seen.errors).toEqual([]);
});
