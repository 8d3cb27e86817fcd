// Shared by the playground specs: page problems (uncaught errors, dialogs), control values, step counters.
import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Collects uncaught page errors and dialogs (an alert() would mean injected script ran); dialogs are dismissed. The
 * leave-page prompt is accepted and not collected: a spec's reload mid-run is deliberate, and a dismissed prompt
 * would cancel it (e2e/first-visit.spec.ts tests the prompt itself).
 */
export function watchPage(page: Page): { errors: string[]; dialogs: string[] } {
  const seen = { errors: [] as string[], dialogs: [] as string[] };
  page.on('pageerror', (e) => seen.errors.push(e.message));
  page.on('dialog', (d) => {
    if (d.type() === 'beforeunload') return void d.accept();
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

/** A saved run as the page stores it (src/state/savedRuns.ts, format 1); steps are made up, evaluations optional. */
export interface SeededRun {
  id: string;
  label: string;
  method: string;
  experiment: unknown;
  status?: string;
  steps?: number;
  testAccuracy?: number;
}

/**
 * Puts runs into the page's IndexedDB the way the page saves them, without training (the page must be open on the
 * app's origin); a reload then shows them as saved runs.
 */
export async function seedSavedRuns(page: Page, runs: readonly SeededRun[]): Promise<void> {
  await page.evaluate(async (list) => {
    const open = indexedDB.open('mutor-playground');
    open.onupgradeneeded = () => open.result.createObjectStore('saved-runs');
    const db = await new Promise<IDBDatabase>((ok, fail) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => fail(open.error))));
    const tx = db.transaction('saved-runs', 'readwrite');
    list.forEach((r, i) => {
      const n = r.steps ?? 3;
      const step = (s: number) => ({ step: s, loss: 3 - s / 10, ntpLoss: 3.1 - s / 10, auxLoss: 2.9, lr: 1e-3, tokensPerSec: 500, elapsedMs: s * 900 });
      const evals = r.testAccuracy === undefined ? [] : [{ step: n, testAccuracy: r.testAccuracy, nextTokenAccuracy: 0.5, horizonAccuracy: [0.5] }];
      tx.objectStore('saved-runs').put({
        format: 1, id: r.id, label: r.label, method: r.method, experiment: r.experiment, status: r.status ?? 'done',
        steps: Array.from({ length: n }, (_, s) => step(s + 1)), evals, generations: [],
        progress: { step: n, totalSteps: (r.experiment as { steps?: number }).steps ?? n, stepsPerSec: 1, etaSec: 0 }, horizons: null, attention: null,
        createdAt: Date.now() - 1000 * (list.length - i), savedAt: Date.now(),
      }, r.id);
    });
    await new Promise((ok) => (tx.oncomplete = ok));
    db.close();
  }, runs as SeededRun[]);
}

/** The ids of the runs this browser keeps (the page's IndexedDB store of saved runs). */
export async function savedRunIds(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const open = indexedDB.open('mutor-playground');
    const db = await new Promise<IDBDatabase>((ok, fail) => ((open.onsuccess = () => ok(open.result)), (open.onerror = () => fail(open.error))));
    const keys = await new Promise<IDBValidKey[]>((ok, fail) => {
      const req = db.transaction('saved-runs').objectStore('saved-runs').getAllKeys();
      req.onsuccess = () => ok(req.result);
      req.onerror = () => fail(req.error);
    });
    db.close();
    return keys.map(String).sort();
  });
}
