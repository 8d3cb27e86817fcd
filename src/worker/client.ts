// The page's handle on the engine worker (one per page).
import { RpcClient, type Endpoint } from './rpc';
import type { EngineMethods } from './methods';

let client: RpcClient<EngineMethods & Record<string, (p: never) => unknown>> | null = null;

export function engineClient(): RpcClient<EngineMethods & Record<string, (p: never) => unknown>> {
  if (!client) {
    const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'mutor-engine' });
    client = new RpcClient(worker as unknown as Endpoint);
  }
  return client;
}
