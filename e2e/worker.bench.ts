// The benchmark rows from the page's own engine Worker: the built worker script the page loads, started once more
// by the page, asked over its RPC for `bench` (src/bench/, the same producers as `mutor bench`). Groups and scaling
// sizes come from MUTOR_BENCH_ONLY and MUTOR_BENCH_SIZES (comma lists; default: the scaling rows at 0.2M);
// MUTOR_BENCH_WAYS (default 'autotune') lists the ways to run them one after the other, each in a fresh Worker:
// 'autotune' or a matmul variant forced everywhere ('tiled' is what the page ran before the autotune).
// Output: the Markdown table on stdout and test-results/bench/rows.json.
import { writeFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import type { BenchRow } from '../src/bench/row';
import { formatTable } from '../src/bench/run';

const list = (v: string | undefined, fallback: string[]) => v?.split(',').map((x) => x.trim()).filter(Boolean) ?? fallback;

/** Rows from a fresh engine Worker (the script at `url`) over its RPC, in the page. */
function workerBench(page: Page, url: string, params: { only: string[]; sizes: string[]; matmul?: string }): Promise<BenchRow[]> {
  return page.evaluate(({ url, params }) => new Promise<BenchRow[]>((resolve, reject) => {
    const w = new Worker(url, { type: 'module', name: 'mutor-bench' });
    w.addEventListener('message', (ev) => {
      const m = ev.data as { kind: string; ok?: boolean; result?: BenchRow[]; error?: string };
      if (m.kind !== 'reply') return;
      w.terminate();
      if (m.ok) resolve(m.result!);
      else reject(new Error(m.error));
    });
    w.addEventListener('error', (ev) => reject(new Error(ev.message)));
    w.postMessage({ kind: 'request', id: 1, method: 'bench', params });
  }), { url, params });
}

test('benchmark rows from the page\'s Worker', async ({ page }, info) => {
  const workerUrl = new Promise<string>((resolve) => page.on('worker', (w) => resolve(w.url())));
  await page.goto('/');
  const url = await workerUrl;
  expect(url).toMatch(/engine\.worker/);
  const choice = { only: list(process.env.MUTOR_BENCH_ONLY, ['scaling']), sizes: list(process.env.MUTOR_BENCH_SIZES, ['0.2M']) };
  const rows: BenchRow[] = [];
  for (const way of list(process.env.MUTOR_BENCH_WAYS, ['autotune'])) {
    const got = await workerBench(page, url, { ...choice, matmul: way === 'autotune' ? undefined : way });
    rows.push(...got.map((r) => ({ ...r, name: `${r.name} [${way}]` })));
  }
  expect(rows.length).toBeGreaterThan(0);
  console.log(formatTable(rows));
  writeFileSync(info.outputPath('rows.json'), JSON.stringify(rows, null, 2));
});
