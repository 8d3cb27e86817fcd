// Fine-tunes the shipped nano model in the page (Worker + WebGPU, SwiftShader here) and reports the held-out exact
// match, for issue 5's "raises test accuracy well above the untuned model's, in Chromium". Each check is a preset of
// EXPERIMENTS.md with its NTP run only, so the page's number can be read beside the Node runs of the same link. Run with
//   npm run build && npx playwright test --config e2e/long.config.ts [-g arithmetic|star]
// It writes test-results/long/finetune-<task>.json (the run as the page exports it).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { encodeLink, type ExperimentConfig } from '../src/experiment';
import { browserCheckExperiment } from './browserCheck';
import { runCard, shownStep, watchPage } from './helpers';

interface FinetuneCheck {
  task: string;
  experiment: ExperimentConfig;
  /** The shipped nano model's held-out exact match before tuning (`mutor eval --model public/models/nano.onnx`). */
  untunedAccuracy: number;
  /** What "well above" means here: the page's run must reach at least this. */
  minimumTunedAccuracy: number;
}

const checks: FinetuneCheck[] = [
  { task: 'star-graph', experiment: browserCheckExperiment('star-graph'), untunedAccuracy: 0, minimumTunedAccuracy: 0.1 },
  { task: 'arithmetic', experiment: browserCheckExperiment('arithmetic'), untunedAccuracy: 0, minimumTunedAccuracy: 0.1 },
];

for (const check of checks) {
  test(`${check.task}: nano fine-tuned in the page beats the untuned model's ${check.untunedAccuracy * 100}%`, async ({ page }) => {
    const seen = watchPage(page);
    await page.goto(`/#${encodeLink(check.experiment)}`);
    await page.getByTestId('link-offer-train').click();
    const card = runCard(page, check.experiment.runs[0]);
    const started = Date.now();
    const progress = setInterval(() => void shownStep(card).then((s) => console.log(`  ${check.task}: step ${s} after ${((Date.now() - started) / 1000).toFixed(0)} s`)), 60_000);
    try {
      await expect(card.getByTestId('run-status')).toHaveText('done', { timeout: 3_500_000 });
    } finally {
      clearInterval(progress);
    }
    const [file] = await Promise.all([page.waitForEvent('download'), card.getByTestId('export-json').click()]);
    const run = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    mkdirSync('test-results/long', { recursive: true });
    writeFileSync(`test-results/long/finetune-${check.task}.json`, JSON.stringify(run, null, 2));
    const last = run.evals[run.evals.length - 1];
    console.log(`${check.task} in Chromium: ${run.summary.steps} steps, test exact match ${(last.testAccuracy * 100).toFixed(1)}% ` +
      `(untuned ${(check.untunedAccuracy * 100).toFixed(1)}%), next-token ${(last.nextTokenAccuracy * 100).toFixed(1)}%, ${(run.summary.wallMs / 1000).toFixed(0)} s`);
    expect(last.testAccuracy).toBeGreaterThanOrEqual(check.minimumTunedAccuracy);
    expect(seen.errors).toEqual([]);
  });
}
