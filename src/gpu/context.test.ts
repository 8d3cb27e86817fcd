import { describe, expect, it } from 'vitest';
import { testContext, poisonBuffer } from './testing';
import { createNodeGpuContext } from './node';
import { GpuError } from './context';
import { Recorder } from './recorder';
import { readFloat32 } from './readback';
import { timeSubmission } from './timing';

const addOne = /* wgsl */ `
@group(0) @binding(0) var<storage, read_write> data: array<f32>;
@compute @workgroup_size(64) fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&data)) { data[id.x] = data[id.x] + 1.0; }
}`;

describe('gpu runtime (Node, Dawn)', () => {
  it('reports an adapter with raised limits, on a device without shader-f16 (no kernel needs it)', async () => {
    const ctx = await testContext();
    expect(ctx.adapter.limits.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(128 * 1024 * 1024);
    expect(ctx.device.limits.maxComputeInvocationsPerWorkgroup).toBe(ctx.adapter.limits.maxComputeInvocationsPerWorkgroup);
    expect(ctx.device.features.has('shader-f16')).toBe(false);
  });

  it('records many dispatches into one submission, caches pipelines and accounts bytes', async () => {
    const ctx = await testContext();
    const before = { ...ctx.counters }, bytesBefore = ctx.buffers.bytesInUse;
    const buf = ctx.buffers.upload('data', new Float32Array([1, 2, 3, 4, 5]));
    expect(ctx.buffers.bytesInUse - bytesBefore).toBe(32);
    const p1 = await ctx.pipelines.get({ label: 'addOne', code: addOne });
    const p2 = await ctx.pipelines.get({ label: 'addOne', code: addOne });
    expect(p1).toBe(p2);
    const rec = new Recorder(ctx);
    for (let i = 0; i < 3; i++) rec.dispatch({ pipeline: p1, bindings: [buf], workgroups: [1] });
    rec.submit();
    const out = await readFloat32(ctx, buf, 0, 5);
    expect([...out]).toEqual([4, 5, 6, 7, 8]);
    expect(ctx.counters.submits - before.submits).toBe(2); // the step and the readback's copy
    expect(ctx.counters.dispatches - before.dispatches).toBe(3);
    expect(ctx.counters.readbacks - before.readbacks).toBe(1);
    ctx.buffers.destroy(buf);
    expect(ctx.buffers.bytesInUse).toBe(bytesBefore);
  });

  it('poisons buffers with NaN and times a submission', async () => {
    const ctx = await testContext();
    const buf = ctx.buffers.create('poisoned', 16);
    poisonBuffer(ctx, buf);
    const out = await readFloat32(ctx, buf);
    expect(out.every((v) => Number.isNaN(v))).toBe(true);
    const pipeline = await ctx.pipelines.get({ label: 'addOne', code: addOne });
    const t = await timeSubmission(ctx, (rec) => rec.dispatch({ pipeline, bindings: [buf], workgroups: [1] }));
    expect(t.ms).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(t.ms)).toBe(true);
    ctx.buffers.destroy(buf);
  });

  it('turns a WGSL compile error into a readable exception', async () => {
    const ctx = await testContext();
    await expect(ctx.pipelines.get({ label: 'broken', code: '@compute @workgroup_size(1) fn main() { let x: f32 = ; }' })).rejects.toThrow(/WGSL compile error in broken/);
  });

  it('fails allocation inside error scopes with the GPU message, and fails the next submission after an uncaught error', async () => {
    const ctx = await createNodeGpuContext(); // its own device: the uncaught error below poisons it for good
    try {
      const invalidUsage = GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE;
      await expect(ctx.scoped('test allocation', async () => ctx.device.createBuffer({ size: 16, usage: invalidUsage }))).rejects.toThrow(GpuError);
      expect(() => ctx.buffers.create('huge', ctx.device.limits.maxBufferSize + 1)).toThrow(/buffer huge: .* exceed the adapter's maxBufferSize/);
      ctx.check();
      ctx.device.createBuffer({ size: 16, usage: invalidUsage }); // no scope: reported through onuncapturederror
      await ctx.device.queue.onSubmittedWorkDone();
      await new Promise((r) => setTimeout(r, 50));
      expect(() => ctx.submit([])).toThrow(/WebGPU error: /);
      await expect(ctx.scoped('after the error', async () => 1)).rejects.toThrow(GpuError);
    } finally {
      ctx.destroy();
    }
  });
});
