// Automated accessibility check (axe-core) over the page's main states, desktop and phone: no serious or critical
// findings. Runs are seeded into storage (no training), so the check stays quick.
import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';
import { cloneExperiment, presetById } from '../src/experiment';
import { seedSavedRuns } from './helpers';

const tiny = cloneExperiment(presetById('tiny')!.config);

/** Serious and critical findings, one line each: rule, what it says, where. */
async function seriousFindings(page: Page, state: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${state}: ${v.id} (${v.impact}): ${v.help} at ${n.target.join(' ')}`));
}

for (const viewport of [{ width: 1400, height: 1000 }, { width: 390, height: 844 }]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('first visit, GPU details, a help tip, saved runs with the runs table, a link problem, the model-file picker: no serious or critical findings', async ({ page }) => {
      test.setTimeout(240_000);
      const findings: string[] = [];
      await page.goto('/');
      await expect(page.getByTestId('gpu-panel')).toContainText('software');
      findings.push(...(await seriousFindings(page, 'first visit')));

      await page.getByTestId('gpu-panel').locator('summary').click();
      await page.locator('[data-field="steps"] .help-button').focus();
      findings.push(...(await seriousFindings(page, 'GPU details and a help tip')));

      await seedSavedRuns(page, [
        { id: 'a', label: 'NTP', method: 'ntp', experiment: tiny, testAccuracy: 0.25 },
        { id: 'b', label: 'MuToR', method: 'mutor', experiment: { ...tiny, optimizer: { ...tiny.optimizer, lr: 0.003 } }, testAccuracy: 0.5 },
      ]);
      await page.goto('/#v=2&lr=banana');
      await page.reload();
      await expect(page.getByTestId('runs-table')).toBeVisible();
      await expect(page.getByTestId('link-problems')).toBeVisible();
      await page.locator('details[data-group="model"] select').first().selectOption('file');
      await expect(page.getByTestId('model-file')).toBeVisible();
      findings.push(...(await seriousFindings(page, 'saved runs, link problem, model file')));
      expect(findings).toEqual([]);
    });
  });
}
