// A tiny typed request/response channel over postMessage, plus one-way events from the worker.
// Requests carry ids; a reply settles the matching promise. Errors cross as messages, never as hangs.

export type RpcRequest = { kind: 'request'; id: number; method: string; params: unknown };
export type RpcReply = { kind: 'reply'; id: number; ok: true; result: unknown } | { kind: 'reply'; id: number; ok: false; error: string };
export type RpcEvent = { kind: 'event'; name: string; payload: unknown };
export type RpcMessage = RpcRequest | RpcReply | RpcEvent;

export interface Endpoint {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (ev: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (ev: ErrorEvent) => void): void;
}

/** Main-thread side: call worker methods, listen to its events. */
export class RpcClient<Methods extends Record<string, (params: never) => unknown>> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(private readonly endpoint: Endpoint) {
    endpoint.addEventListener('message', (ev: MessageEvent) => this.receive(ev.data as RpcMessage));
    endpoint.addEventListener('error', (ev: ErrorEvent) => this.failAll(`worker error: ${ev.message || 'failed to start'}`));
  }

  call<M extends keyof Methods & string>(method: M, params: Parameters<Methods[M]>[0]): Promise<Awaited<ReturnType<Methods[M]>>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.endpoint.postMessage({ kind: 'request', id, method, params } satisfies RpcRequest);
    });
  }

  on(name: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(name);
    if (!set) this.listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private receive(msg: RpcMessage): void {
    if (msg.kind === 'reply') {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new Error(msg.error));
    } else if (msg.kind === 'event') {
      for (const l of this.listeners.get(msg.name) ?? []) l(msg.payload);
    }
  }

  private failAll(message: string): void {
    for (const p of this.pending.values()) p.reject(new Error(message));
    this.pending.clear();
  }
}

/** Worker side: serve methods, emit events. */
export function serveRpc(endpoint: Endpoint, methods: Record<string, (params: never) => unknown>): (name: string, payload: unknown) => void {
  endpoint.addEventListener('message', async (ev: MessageEvent) => {
    const msg = ev.data as RpcMessage;
    if (msg.kind !== 'request') return;
    const handler = methods[msg.method];
    try {
      if (!handler) throw new Error(`unknown method ${msg.method}`);
      const result = await handler(msg.params as never);
      endpoint.postMessage({ kind: 'reply', id: msg.id, ok: true, result } satisfies RpcReply);
    } catch (e) {
      endpoint.postMessage({ kind: 'reply', id: msg.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies RpcReply);
    }
  });
  return (name, payload) => endpoint.postMessage({ kind: 'event', name, payload } satisfies RpcEvent);
}
