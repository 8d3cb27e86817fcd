// The engine worker's API, shared by the worker (implementation) and the page (typed client).
import type { AdapterReport } from '../gpu/context';
import type { SelfTestReport } from '../gpu/selftest';

export interface EngineMethods {
  init(params: void): Promise<AdapterReport>;
  selfTest(params: void): Promise<SelfTestReport>;
}

export type EngineEvents = {
  deviceLost: string;
};
