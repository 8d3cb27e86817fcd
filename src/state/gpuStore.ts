// What the page knows about the GPU: WebGPU availability, the worker's adapter and the kernel self-test.
import { create } from 'zustand';
import type { AdapterReport } from '../gpu/context';
import type { SelfTestReport } from '../kernels/selftest';
import type { EngineCheckReport } from '../worker/engineChecks';
import { webGpuMissingReason } from '../gpu/browser';
import { engineClient } from '../worker/client';

export type GpuStatus = 'checking' | 'unavailable' | 'ready' | 'lost';

interface GpuState {
  status: GpuStatus;
  /** Why WebGPU cannot be used here (shown in the banner). */
  problem: string | null;
  adapter: AdapterReport | null;
  selfTest: SelfTestReport | null;
  selfTestRunning: boolean;
  /** The engine check (src/worker/engineChecks.ts) run in the worker on demand: its report, or why it failed. */
  engineCheck: EngineCheckReport | null;
  engineCheckError: string | null;
  engineCheckRunning: boolean;
  connect(): Promise<void>;
  runSelfTest(): Promise<void>;
  runEngineCheck(): Promise<void>;
}

export const useGpuStore = create<GpuState>((set, get) => ({
  status: 'checking',
  problem: null,
  adapter: null,
  selfTest: null,
  selfTestRunning: false,
  engineCheck: null,
  engineCheckError: null,
  engineCheckRunning: false,

  async connect() {
    const missing = webGpuMissingReason();
    if (missing) {
      set({ status: 'unavailable', problem: missing });
      return;
    }
    try {
      const client = engineClient();
      client.on('deviceLost', (message) => set({ status: 'lost', problem: String(message) }));
      client.on('deviceRestored', (adapter) => set({ status: 'ready', adapter: adapter as AdapterReport, problem: null }));
      const adapter = await client.call('init', undefined);
      set({ status: 'ready', adapter, problem: null });
      await get().runSelfTest();
    } catch (e) {
      set({ status: 'unavailable', problem: e instanceof Error ? e.message : String(e) });
    }
  },

  async runSelfTest() {
    set({ selfTestRunning: true });
    try {
      set({ selfTest: await engineClient().call('selfTest', undefined) });
    } catch (e) {
      set({ selfTest: { pass: false, cases: [], totalMs: 0 }, problem: e instanceof Error ? e.message : String(e) });
    } finally {
      set({ selfTestRunning: false });
    }
  },

  async runEngineCheck() {
    set({ engineCheckRunning: true, engineCheckError: null });
    try {
      set({ engineCheck: await engineClient().call('engineCheck', {}) });
    } catch (e) {
      set({ engineCheck: null, engineCheckError: e instanceof Error ? e.message : String(e) });
    } finally {
      set({ engineCheckRunning: false });
    }
  },
}));
