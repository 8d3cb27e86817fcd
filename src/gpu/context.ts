// GpuContext: one WebGPU device with what every kernel needs around it — buffer accounting, a pipeline cache,
// adapter facts, and a lost device or a GPU error that turns into exceptions instead of hangs or silent zeros:
// allocation runs inside error scopes (scoped), and any error no scope caught fails the next submission.
// Works the same in a browser tab, a dedicated Worker and Node (pass the GPU object from ./node.ts there).
import { PipelineCache } from './pipelines';
import { Preparation } from './preparation';
import { BufferPool } from './buffers';
import type { TuningStore } from './tuningStore';

export interface AdapterReport {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  features: string[];
  limits: Record<string, number>;
  /** The subgroup widths a pipeline may get, where the implementation reports them (GPUAdapterInfo). */
  subgroupMinSize?: number;
  subgroupMaxSize?: number;
}

export class DeviceLostError extends Error {
  constructor(reason: string) {
    super(`GPU device lost: ${reason}`);
    this.name = 'DeviceLostError';
  }
}

/** A WebGPU validation or out-of-memory error: the work it belongs to produced nothing trustworthy. */
export class GpuError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuError';
  }
}

export class GpuUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GpuUnavailableError';
  }
}

/** Limits we ask for above the defaults: as much as the adapter offers. */
const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupSizeY',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupsPerDimension',
] as const;

const WANTED_FEATURES: GPUFeatureName[] = ['timestamp-query', 'subgroups'];

export class GpuContext {
  readonly pipelines: PipelineCache;
  /** Pipelines compiled and matmul classes timed of those asked for: the progress before a run's first step. */
  readonly preparation = new Preparation();
  readonly buffers: BufferPool;
  /** Set once the device is lost; every later operation throws it. */
  lostError: DeviceLostError | null = null;
  /** The first GPU error no error scope caught; every later operation throws it. */
  uncapturedError: GpuError | null = null;
  /** Resolves (never rejects) when the device is lost. */
  readonly lost: Promise<DeviceLostError>;
  /** Counters for benchmarks: what a training step costs in submissions and readbacks. */
  readonly counters = { submits: 0, dispatches: 0, readbacks: 0 };
  /** True in Node (Dawn): awaiting the GPU spin-polls there, so long waits sleep first. */
  readonly isNode: boolean;
  /** Where the kernels' tuning outlives this context (a file in Node, IndexedDB in the browser); null: nowhere. */
  tuningStore: TuningStore | null = null;

  constructor(
    readonly device: GPUDevice,
    readonly adapter: AdapterReport,
  ) {
    this.isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';
    this.pipelines = new PipelineCache(device, this.preparation);
    this.buffers = new BufferPool(device);
    this.lost = device.lost.then((info) => {
      this.lostError = new DeviceLostError(info.message || info.reason || 'unknown reason');
      return this.lostError;
    });
    device.onuncapturederror = (ev) => {
      if (this.uncapturedError) return; // the first error is the cause; later ones follow from it
      this.uncapturedError = new GpuError(`WebGPU error: ${ev.error.message}`);
      console.error(this.uncapturedError.message);
    };
  }

  get hasTimestamps(): boolean {
    return this.device.features.has('timestamp-query');
  }
  get hasSubgroups(): boolean {
    return this.device.features.has('subgroups');
  }

  /** Throws if the device was lost or raised an error no scope caught. Call before recording work. */
  check(): void {
    if (this.lostError) throw this.lostError;
    if (this.uncapturedError) throw this.uncapturedError;
  }

  /**
   * Runs `fn` (allocation, pipeline creation) inside out-of-memory and validation error scopes; any error they catch
   * is thrown as a GpuError naming `what`, after fn's own exception if it threw one.
   */
  async scoped<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.check();
    this.device.pushErrorScope('out-of-memory');
    this.device.pushErrorScope('validation');
    let outcome: { ok: true; value: T } | { ok: false; error: unknown };
    try {
      outcome = { ok: true, value: await fn() };
    } catch (error) {
      outcome = { ok: false, error };
    }
    const validation = await this.device.popErrorScope();
    const memory = await this.device.popErrorScope();
    if (!outcome.ok) throw outcome.error;
    if (memory) throw new GpuError(`${what}: out of GPU memory: ${memory.message}`);
    if (validation) throw new GpuError(`${what}: ${validation.message}`);
    return outcome.value;
  }

  /** Races a GPU promise against device loss, so a lost device is an error, never a hang. */
  async guard<T>(p: Promise<T>): Promise<T> {
    this.check();
    const result = await Promise.race([p, this.lost]);
    if (result instanceof DeviceLostError) throw result;
    return result as T;
  }

  submit(commands: GPUCommandBuffer[]): void {
    this.check();
    this.device.queue.submit(commands);
    this.counters.submits++;
  }

  /**
   * Waits until submitted work is done. `expectedMs` lets Node sleep most of that time first: Dawn's
   * onSubmittedWorkDone spin-polls the main thread and steals a core from lavapipe's workers.
   */
  async idle(expectedMs = 0): Promise<void> {
    if (this.isNode && expectedMs > 2) await new Promise((r) => setTimeout(r, expectedMs * 0.8));
    await this.guard(this.device.queue.onSubmittedWorkDone());
  }

  destroy(): void {
    this.buffers.destroyAll();
    this.device.destroy();
  }
}

function describeAdapter(adapter: GPUAdapter): AdapterReport {
  const info = adapter.info;
  const limits: Record<string, number> = {};
  // GPUSupportedLimits has no own enumerable keys in every implementation: read through the prototype.
  for (const key in adapter.limits) {
    const v = (adapter.limits as unknown as Record<string, unknown>)[key];
    if (typeof v === 'number') limits[key] = v;
  }
  return {
    vendor: info?.vendor ?? '',
    architecture: info?.architecture ?? '',
    device: info?.device ?? '',
    description: info?.description ?? '',
    isFallbackAdapter: (info as GPUAdapterInfo & { isFallbackAdapter?: boolean })?.isFallbackAdapter ?? (adapter as GPUAdapter & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
    features: [...adapter.features].sort(),
    limits,
    subgroupMinSize: (info as GPUAdapterInfo & { subgroupMinSize?: number })?.subgroupMinSize,
    subgroupMaxSize: (info as GPUAdapterInfo & { subgroupMaxSize?: number })?.subgroupMaxSize,
  };
}

/** Requests an adapter and a device with raised limits and the features we can use. */
export async function createGpuContext(gpu: GPU | undefined, opts: { powerPreference?: GPUPowerPreference } = {}): Promise<GpuContext> {
  if (!gpu) throw new GpuUnavailableError('WebGPU is not available here (navigator.gpu is missing)');
  const adapter = await gpu.requestAdapter({ powerPreference: opts.powerPreference ?? 'high-performance' });
  if (!adapter) throw new GpuUnavailableError('WebGPU is present but no GPU adapter was found');
  const requiredLimits: Record<string, number> = {};
  for (const name of RAISED_LIMITS) {
    const v = (adapter.limits as unknown as Record<string, number>)[name];
    if (typeof v === 'number') requiredLimits[name] = v;
  }
  const requiredFeatures = WANTED_FEATURES.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures, label: 'mutor' });
  const report = describeAdapter(adapter);
  // Report the limits the device actually got.
  for (const name of RAISED_LIMITS) report.limits[name] = (device.limits as unknown as Record<string, number>)[name];
  return new GpuContext(device, report);
}
