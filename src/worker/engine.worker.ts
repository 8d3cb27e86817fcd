// The engine's home in the browser: a dedicated Worker that owns the GPU device, so training never blocks the page.
import { serveRpc, type Endpoint } from './rpc';
import { createBrowserGpuContext } from '../gpu/browser';
import type { GpuContext } from '../gpu/context';
import { runMatmulSelfTest } from '../gpu/selftest';
import type { EngineMethods } from './methods';

let context: Promise<GpuContext> | null = null;

function gpu(): Promise<GpuContext> {
  context ??= createBrowserGpuContext().then((ctx) => {
    ctx.lost.then((err) => emit('deviceLost', err.message));
    return ctx;
  });
  return context;
}

const methods: EngineMethods = {
  async init() {
    return (await gpu()).adapter;
  },
  async selfTest() {
    return runMatmulSelfTest(await gpu());
  },
};

const emit = serveRpc(self as unknown as Endpoint, methods as unknown as Record<string, (p: never) => unknown>);
