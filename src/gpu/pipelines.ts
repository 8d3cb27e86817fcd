// Compiled compute pipelines, cached by (source, entry point, override constants). Compilation errors surface
// as exceptions with the WGSL compiler's messages and line numbers instead of a silent invalid pipeline.
export interface KernelSpec {
  label: string;
  code: string;
  entryPoint?: string;
  constants?: Record<string, number>;
}

export class PipelineCache {
  private readonly modules = new Map<string, GPUShaderModule>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();

  constructor(private readonly device: GPUDevice) {}

  get size(): number {
    return this.pipelines.size;
  }

  async get(spec: KernelSpec): Promise<GPUComputePipeline> {
    const entryPoint = spec.entryPoint ?? 'main';
    const constants = spec.constants ?? {};
    const key = `${spec.code}\u0000${entryPoint}\u0000${JSON.stringify(Object.entries(constants).sort())}`;
    const cached = this.pipelines.get(key);
    if (cached) return cached;
    let module = this.modules.get(spec.code);
    if (!module) {
      this.device.pushErrorScope('validation');
      module = this.device.createShaderModule({ label: spec.label, code: spec.code });
      const info = await module.getCompilationInfo();
      await this.device.popErrorScope(); // compile errors are reported below, with source lines
      const errors = info.messages.filter((m) => m.type === 'error');
      if (errors.length) {
        const lines = spec.code.split('\n');
        const text = errors.map((m) => `  line ${m.lineNum}: ${m.message}\n    ${lines[m.lineNum - 1]?.trim() ?? ''}`).join('\n');
        throw new Error(`WGSL compile error in ${spec.label}:\n${text}`);
      }
      this.modules.set(spec.code, module);
    }
    this.device.pushErrorScope('validation');
    const pipeline = await this.device.createComputePipelineAsync({
      label: spec.label,
      layout: 'auto',
      compute: { module, entryPoint, constants },
    });
    const err = await this.device.popErrorScope();
    if (err) throw new Error(`pipeline ${spec.label}: ${err.message}`);
    this.pipelines.set(key, pipeline);
    return pipeline;
  }
}
