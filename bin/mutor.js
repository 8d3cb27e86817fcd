#!/usr/bin/env node
// The `mutor` command: runs src/cli/main.ts (the same TypeScript the app uses) through tsx.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!process.env.XDG_RUNTIME_DIR) {
  // Dawn/Vulkan warns without a private runtime dir.
  process.env.XDG_RUNTIME_DIR = '/tmp/mutor-xdg';
  mkdirSync(process.env.XDG_RUNTIME_DIR, { recursive: true, mode: 0o700 });
}
const result = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src/cli/main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: process.env,
});
process.exit(result.status ?? 1);
