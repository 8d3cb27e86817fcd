// Shared by the playground specs: page problems (uncaught errors, dialogs), control values, step counters.
import { expect, type Locator, type Page } from '@playwright/test';

/** Collects uncaught page errors and dialogs (an alert() would mean injected script ran); dialogs are dismissed. */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  return seen;
}

/** Every control of the settings column as the page shows it: field path -> value (checklists as checked labels). */
export async function controlValues(page: Page): Promise<Record<string, string>> {
  return page.getByTestId('controls-panel').evaluate((root) => {
    const out: Record<string, string> = {};
    for (const el of root.querySelectorAll<HTMLElement>('[data-field]')) {
      const inputs = [...el.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select')];
      out[el.dataset.field!] = inputs
        .map((i) => (i instanceof HTMLInputElement && i.type === 'checkbox' ? `${i.closest('label')?.textContent?.trim()}=${i.checked}` : i.value))
        .join('|');
    }
    const preset = root.querySelector<HTMLSelectElement>('#preset-select');
    out.preset = preset?.value ?? '';
    return out;
  });
}

/** The run card of a method ('ntp', 'mutor', 'multiTokenHeads'); the first such when there are several. */
export function runCard(page: Page, method: string): Locator {
  return page.locator(`[data-testid="run-card"][data-method="${method}"]`).first();
}

/** The step a run card shows ("step 7 / 20" -> 7; 0 before the first step). */
export async function shownStep(card: Locator): Promise<number> {
  const text = await card.getByTestId('run-step').innerText();
  const m = /step\s+(\d[\d\u2009]*)/.exec(text);
  return m ? Number(m[1].replaceAll('\u2009', '')) : 0;
}

/** Waits until the card shows at least `step`. */
export async function waitForStep(card: Locator, step: number, timeout = 60_000): Promise<number> {
  await expect.poll(() => shownStep(card), { timeout, intervals: [250] }).toBeGreaterThanOrEqual(step);
  return shownStep(card);
}

/** How many values a chart draws (its data-points attribute). */
export async function chartPoints(chart: Locator): Promise<number> {
  return Number((await chart.getAttribute('data-points')) ?? '0');
}
