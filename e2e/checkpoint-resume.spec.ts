// Checkpoints in the page: a run reloaded mid-training comes back with Resume, continues its curve from its
// checkpoint and ends with the losses and evaluations of a run never interrupted; a lost GPU device is replaced and
// the run resumes from its checkpoint without a reload, to the same end.
import { readFile } from 'node:fs/promises';
import { test, expect, type Locator, type Page } from '@playwright/test';
import { cloneExperiment, encodeLink, presetById } from '../src/experiment';
import { chartPoints, runCard, shownStep, waitForStep, watchPage } from './helpers';

// The tiny preset, MuToR only, an evaluation (and a checkpoint) every 5 of its 20 steps.
const experiment = { ...cloneExperiment(presetById('tiny')!.config), runs: ['mutor' as const], evalEvery: 5, name: 'Resume e2e' };
const link = encodeLink(experiment);

interface RunJson {
  steps: { step: number; loss: number; ntpLoss: number; auxLoss: number | null }[];
  evals: { step: number; testAccuracy: number; nextTokenAccuracy: number; horizonAccuracy: (number | null)[] }[];
}

async function runJson(page: Page): Promise<RunJson> {
  const [file] = await Promise.all([page.waitForEvent('download'), runCard(page, 'mutor').getByTestId('export-json').click()]);
  return JSON.parse(await readFile((await file.path())!, 'utf8')) as RunJson;
}

async function checkpointStep(card: Locator): Promise<number> {
  const text = await card.getByTestId('run-checkpoint').innerText().catch(() => '');
  return Number(/@\s*(\d+)/.exec(text)?.[1] ?? -1);
}

async function trainToDone(card: Locator): Promise<void> {
  await expect(card.getByTestId('run-status')).toHaveText('done', { timeout: 150_000 });
}

/** Every step both runs read back has the same losses, the evaluation steps at least; the evaluations are equal. */
function expectSameRun(got: RunJson, want: RunJson): void {
  const wanted = new Map(want.steps.map((s) => [s.step, s]));
  const shared = got.steps.filter((s) => wanted.has(s.step));
  expect(shared.map((s) => s.step)).toEqual(expect.arrayContaining([5, 10, 15, 20]));
  for (const s of shared) expect(s).toMatchObject({ loss: wanted.get(s.step)!.loss, ntpLoss: wanted.get(s.step)!.ntpLoss, auxLoss: wanted.get(s.step)!.auxLoss });
  expect(got.evals).toEqual(want.evals);
}

test('a run reloaded mid-training resumes from its checkpoint, and one whose device is lost resumes by itself, both ending as an uninterrupted run', async ({ page }) => {
  test.setTimeout(600_000);
  const seen = watchPage(page);
  await page.goto(`/#${link}`);
  await page.getByTestId('link-offer-train').click();
  const card = runCard(page, 'mutor');

  // Uninterrupted: the reference. Removing it deletes its checkpoint too.
  await trainToDone(card);
  await expect.poll(() => checkpointStep(card)).toBe(20);
  const straight = await runJson(page);
  await card.getByTestId('remove-run').click();
  await expect(page.getByTestId('runs-empty')).toBeVisible();
  // A removed run leaves storage when its Undo window closes; a reload inside the window may bring it back.
  await expect(page.getByTestId('undo-remove')).toHaveCount(0, { timeout: 30_000 });

  // Reloaded once it checkpointed at step 10: the saved run offers Resume and continues its curve from there.
  await page.getByTestId('start-runs').click();
  await expect.poll(() => checkpointStep(card), { timeout: 120_000, intervals: [200] }).toBeGreaterThanOrEqual(10);
  await page.reload();
  const saved = runCard(page, 'mutor');
  await expect(saved.getByTestId('saved-badge')).toHaveText('saved');
  const resume = saved.getByTestId('resume-saved-run');
  await expect(resume).toBeEnabled();
  const from = await checkpointStep(saved);
  expect(from).toBeGreaterThanOrEqual(10);
  await expect(saved).toContainText(`Its checkpoint at step ${from} is kept: Resume continues from it, ONNX downloads its model.`);
  await resume.click();
  await expect(saved.getByTestId('run-notice')).toHaveText(`Resumed from the checkpoint at step ${from}.`);
  await expect(saved.getByTestId('saved-badge')).toHaveCount(0);
  const curve = page.getByTestId('chart-ntp');
  const pointsAtResume = await chartPoints(curve);
  await trainToDone(saved);
  expect(await shownStep(saved)).toBe(20);
  expect(await chartPoints(curve)).toBeGreaterThan(pointsAtResume);
  const resumed = await runJson(page);
  // One curve: the first visit's points up to the checkpoint, then the resumed ones, in order, to the end.
  const steps = resumed.steps.map((s) => s.step);
  expect(steps).toEqual([...steps].sort((a, b) => a - b));
  expect(new Set(steps).size).toBe(steps.length);
  expect(steps.at(-1)).toBe(20);
  expectSameRun(resumed, straight);
  await saved.getByTestId('remove-run').click();

  // The GPU device lost mid-run (test hook): a new device, the run back at its checkpoint, trained to the end.
  await page.getByTestId('start-runs').click();
  const lost = runCard(page, 'mutor');
  await expect.poll(() => checkpointStep(lost), { timeout: 120_000, intervals: [200] }).toBeGreaterThanOrEqual(10);
  await waitForStep(lost, 11);
  await page.evaluate(() => (window as unknown as { mutorTestHooks: { loseDevice(): Promise<void> } }).mutorTestHooks.loseDevice());
  await expect(lost.getByTestId('run-notice')).toContainText(/The GPU device was lost \(.*\); training resumed from the checkpoint at step \d+\./);
  await trainToDone(lost);
  await expect(page.getByTestId('webgpu-banner')).toHaveCount(0);
  expectSameRun(await runJson(page), straight);
  expect(seen.errors).toEqual([]);
});
