import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium (installed by scripts/setup-system.sh); Playwright never downloads one here. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';

// Quiet flags for a machine with no network; --enable-unsafe-webgpu turns on WebGPU (SwiftShader) on Linux.
const QUIET = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumLaunchOptions({ webgpu }: { webgpu: boolean }): LaunchOptions {
  return {
    executablePath: CHROMIUM_PATH,
    args: webgpu ? [...QUIET, '--enable-unsafe-webgpu', '--enable-webgpu-developer-features'] : QUIET,
  };
}
