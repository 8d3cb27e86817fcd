// Compiled compute pipelines, cached by (source, entry point, override constants). Compilation errors surface
// as exceptions with the WGSL compiler's messages and line numbers instead of a silent invalid pipeline.
// Every compile is asynchronous and shared while in flight: callers ask for all their pipelines at once and the
// device compiles them side by side; each one counts in the context's preparation (./preparation.ts).
import type { Preparation } from './preparation';

export interface KernelSpec {
  label: string;
  code: string;
  entryPoint?: string;
  constants?: Record<string, number>;
}

export class PipelineCache {
  private readonly modules = new Map<string, Promise<GPUShaderModule>>();
  private readonly pipelines = new Map<string, Promise<GPUComputePipeline>>();

  constructor(
    private readonly device: GPUDevice,
    private readonly preparation: Preparation,
  ) {}

  /** Pipelines asked for so far (compiled or compiling). */
  get size(): number {
    return this.pipelines.size;
  }

  get(spec: KernelSpec): Promise<GPUComputePipeline> {
    const entryPoint = spec.entryPoint ?? 'main';
    const constants = spec.constants ?? {};
    const key = `${spec.code}\u0000${entryPoint}\u0000${JSON.stringify(Object.entries(constants).sort())}`;
    let pipeline = this.pipelines.get(key);
    if (!pipeline) {
      pipeline = this.preparation.track('kernels', () => this.compile(spec, entryPoint, constants));
      this.pipelines.set(key, pipeline);
      // A failed compile is not kept: the next caller tries again (and gets the error again).
      pipeline.catch(() => this.pipelines.delete(key));
    }
    return pipeline;
  }

  private async compile(spec: KernelSpec, entryPoint: string, constants: Record<string, number>): Promise<GPUComputePipeline> {
    const module = await this.module(spec);
    // Each scope is pushed and popped with nothing in between: compiles in flight side by side never pop another's.
    this.device.pushErrorScope('validation');
    const pipeline = this.device.createComputePipelineAsync({
      label: spec.label,
      layout: 'auto',
      compute: { module, entryPoint, constants },
    });
    const scope = this.device.popErrorScope();
    const [made, err] = await Promise.all([pipeline, scope]);
    if (err) throw new Error(`pipeline ${spec.label}: ${err.message}`);
    return made;
  }

  private module(spec: KernelSpec): Promise<GPUShaderModule> {
    let module = this.modules.get(spec.code);
    if (!module) {
      module = this.compileModule(spec);
      this.modules.set(spec.code, module);
      module.catch(() => this.modules.delete(spec.code));
    }
    return module;
  }

  private async compileModule(spec: KernelSpec): Promise<GPUShaderModule> {
    this.device.pushErrorScope('validation');
    const module = this.device.createShaderModule({ label: spec.label, code: spec.code });
    const scope = this.device.popErrorScope(); // compile errors are reported below, with source lines
    const [info] = await Promise.all([module.getCompilationInfo(), scope]);
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length) {
      const lines = spec.code.split('\n');
      const text = errors.map((m) => `  line ${m.lineNum}: ${m.message}\n    ${lines[m.lineNum - 1]?.trim() ?? ''}`).join('\n');
      throw new Error(`WGSL compile error in ${spec.label}:\n${text}`);
    }
    return module;
  }
}
