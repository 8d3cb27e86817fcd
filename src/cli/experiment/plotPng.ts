// SVG → PNG through headless Chromium (Playwright's driver, Debian's chromium binary): no image library needed.
// Returns false (the caller warns) when Playwright or Chromium is not available.
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/lib/chromium/chromium';

export async function svgToPng(svg: string, width: number, height: number): Promise<Buffer | null> {
  if (!existsSync(CHROMIUM_PATH)) return null;
  let chromium: typeof import('@playwright/test').chromium;
  try {
    ({ chromium } = await import('@playwright/test'));
  } catch {
    return null;
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    return await page.locator('svg').screenshot({ type: 'png' });
  } finally {
    await browser.close();
  }
}
