// Recorder: puts many dispatches into one command buffer and one submission. A training step records forward,
// backward and optimizer dispatches here and submits once; nothing waits on the CPU between layers.
import type { GpuContext } from './context';

export interface Dispatch {
  pipeline: GPUComputePipeline;
  /** Buffers bound at @group(0) @binding(i) in order (whole buffers, or explicit ranges). */
  bindings: (GPUBuffer | GPUBufferBinding)[];
  workgroups: [number, number?, number?];
  label?: string;
}

/** A bind group made once and reused every step (training plans build these at setup). */
export function makeBindGroup(device: GPUDevice, pipeline: GPUComputePipeline, bindings: (GPUBuffer | GPUBufferBinding)[], label?: string): GPUBindGroup {
  return device.createBindGroup({
    label,
    layout: pipeline.getBindGroupLayout(0),
    entries: bindings.map((b, binding) => ({ binding, resource: 'buffer' in b ? b : { buffer: b } })),
  });
}

export interface PreparedDispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  workgroups: [number, number, number];
  label?: string;
}

export function prepareDispatch(device: GPUDevice, d: Dispatch): PreparedDispatch {
  const [x, y = 1, z = 1] = d.workgroups;
  return { pipeline: d.pipeline, bindGroup: makeBindGroup(device, d.pipeline, d.bindings, d.label), workgroups: [x, y, z], label: d.label };
}

export class Recorder {
  private encoder: GPUCommandEncoder;
  private pass: GPUComputePassEncoder | null = null;
  dispatchCount = 0;

  constructor(
    private readonly ctx: GpuContext,
    label = 'mutor step',
    private readonly timestampWrites?: GPUComputePassTimestampWrites,
  ) {
    ctx.check();
    this.encoder = ctx.device.createCommandEncoder({ label });
  }

  private computePass(): GPUComputePassEncoder {
    if (!this.pass) {
      // Only the first pass of a recording carries the timer's writes.
      this.pass = this.encoder.beginComputePass(this.dispatchCount === 0 && this.timestampWrites ? { timestampWrites: this.timestampWrites } : {});
    }
    return this.pass;
  }

  dispatch(d: Dispatch | PreparedDispatch): this {
    const prepared = 'bindGroup' in d ? d : prepareDispatch(this.ctx.device, d);
    const [x, y, z] = prepared.workgroups;
    if (x === 0 || y === 0 || z === 0) return this;
    const pass = this.computePass();
    pass.setPipeline(prepared.pipeline);
    pass.setBindGroup(0, prepared.bindGroup);
    pass.dispatchWorkgroups(x, y, z);
    this.dispatchCount++;
    return this;
  }

  /** Copies between buffers end the current compute pass (copies are encoder-level commands). */
  copy(src: GPUBuffer, srcOffset: number, dst: GPUBuffer, dstOffset: number, bytes: number): this {
    this.endPass();
    this.encoder.copyBufferToBuffer(src, srcOffset, dst, dstOffset, bytes);
    return this;
  }

  /** Direct access for timers and readbacks that add their own commands. */
  get commandEncoder(): GPUCommandEncoder {
    this.endPass();
    return this.encoder;
  }

  private endPass(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
  }

  /** Finishes and submits everything recorded, as one submission. */
  submit(): void {
    this.endPass();
    this.ctx.counters.dispatches += this.dispatchCount;
    this.ctx.submit([this.encoder.finish()]);
  }
}
