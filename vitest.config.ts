import { defineConfig } from 'vitest/config';

// Unit and kernel tests run in Node; kernel tests get WebGPU from Dawn (`webgpu` package) on Mesa lavapipe.
// Playwright specs in e2e/ are not vitest's.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    env: { XDG_RUNTIME_DIR: '/tmp/mutor-xdg' },
  },
});
