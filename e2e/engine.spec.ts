// The engine's acceptance checks (src/worker/engineChecks.ts) in Chromium's Worker on SwiftShader, through the GPU card's
// "Engine check" button, and the overfit curve against the same check run in Node (Dawn on lavapipe) inside this
// test process: same seed, same init, same batch, so the two loss curves must agree step by step.
import { test, expect } from '@playwright/test';
import type { EngineCheckReport } from '../src/worker/engineChecks';
import { curveRelDiff, engineCheckLimits as L } from '../src/worker/engineCheckLimits';
import { watchPage } from './helpers';

/** The overfit curve in Node. Each side runs the matmuls its autotune picked: every variant gives bitwise the same C
 * (src/kernels/matmul.test.ts), so only the adapters' other arithmetic may differ. */
async function nodeOverfitCurve(steps: number): Promise<number[]> {
  const [{ createNodeGpuContext }, { overfitCheck }] = await Promise.all([import('../src/gpu/node'), import('../src/worker/engineChecks')]);
  const ctx = await createNodeGpuContext();
  try {
    return (await overfitCheck(ctx, steps)).losses;
  } finally {
    ctx.destroy();
  }
}

test('engine check in the browser: registers invisible, a = 0 gradients equal NTP, overfit curve equals Node', async ({ page }) => {
  test.setTimeout(240_000);
  const seen = watchPage(page);
  await page.goto('/');
  const card = page.getByTestId('gpu-panel');
  await expect(page.getByTestId('adapter-name')).toContainText(/google|swiftshader/i);
  await card.locator('summary').click();
  const run = page.getByTestId('engine-check-run');
  await expect(run).toBeEnabled();
  const t0 = Date.now();
  await run.click();

  const check = page.getByTestId('engine-check');
  await expect(check).toHaveAttribute('data-report', /overfit/, { timeout: 200_000 });
  const browserMs = Date.now() - t0;
  const report = JSON.parse((await check.getAttribute('data-report'))!) as EngineCheckReport;
  // Node runs after the page is done: two CPU rasterizers at once would only slow each other down on this machine.
  const t1 = Date.now();
  const nodeLosses = await nodeOverfitCurve(report.overfit.losses.length);
  const nodeMs = Date.now() - t1;
  const gap = curveRelDiff(report.overfit.losses, nodeLosses);
  console.log(JSON.stringify({
    browserMs, nodeMs, matmul: report.matmul, subgroups: report.subgroups, ms: report.ms,
    invariance: report.invariance, alphaZero: report.alphaZero,
    overfit: { first: report.overfit.losses[0], final: report.overfit.finalLoss, nodeFinal: nodeLosses.at(-1), steps: nodeLosses.length, curveMaxRel: gap },
  }));

  await check.screenshot({ path: 'test-results/engine-check.png' });
  await expect(page.getByTestId('engine-check-invariance')).toContainText('PASS');
  await expect(page.getByTestId('engine-check-alpha0')).toContainText('PASS');
  await expect(page.getByTestId('engine-check-overfit')).toContainText('PASS');
  expect(report.invariance.maxAbsDiff).toBeLessThan(L.invarianceMaxAbs);
  expect(report.invariance.regularShiftWhenRegisterRowChanges).toBe(0);
  expect(report.invariance.registerShiftWhenRegisterRowChanges).toBeGreaterThan(0.1);
  expect(report.alphaZero.maxRelDiff).toBeLessThan(L.alphaZeroMaxRel);
  expect(report.alphaZero.registerGradMaxAbs).toBe(0);
  expect(report.alphaZero.sameSlots.differing).toBe(0); // on MuToR's token slots NTP's gradient is bitwise MuToR's
  expect(report.overfit.finalLoss).toBeLessThan(L.overfitFinalLoss);
  expect(gap).toBeLessThan(L.curveMaxRel);
  expect(seen.errors).toEqual([]);
});
