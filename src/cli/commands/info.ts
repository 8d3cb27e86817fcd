// `mutor info [--json]`: the WebGPU adapter this machine gives the engine, and the kernels chosen for it.
//   JSON: { vendor, architecture, device, description, isFallbackAdapter, features, deviceFeatures, limits,
//           kernels: { available, matmul, reason, subgroupSize } }   (limits: the device's, raised ones included)
// Without an adapter: exit 1 with a one-line reason.
import { GpuUnavailableError } from '../../gpu/context';
import { createNodeGpuContext } from '../../gpu/node';
import { kernelSelection } from '../../kernels/select';
import { Flags } from '../args';
import type { Command } from '../command';

function deviceLimits(device: GPUDevice): Record<string, number> {
  const limits: Record<string, number> = {};
  // GPUSupportedLimits keeps its values on the prototype: enumerate with for..in.
  for (const key in device.limits) {
    const v = (device.limits as unknown as Record<string, unknown>)[key];
    if (typeof v === 'number') limits[key] = v;
  }
  return limits;
}

export const infoCommand: Command = {
  name: 'info',
  usage: 'info [--json]',
  summary: 'print the WebGPU adapter (vendor, features, limits) and the kernel variants chosen for it',
  async run(args) {
    const flags = new Flags(args);
    const json = flags.bool('json');
    flags.done();
    let ctx;
    try {
      ctx = await createNodeGpuContext();
    } catch (e) {
      if (!(e instanceof GpuUnavailableError)) throw e;
      console.error(`mutor info: ${e.message.split('\n')[0]}`);
      return 1;
    }
    const a = ctx.adapter;
    const info = {
      vendor: a.vendor,
      architecture: a.architecture,
      device: a.device,
      description: a.description,
      isFallbackAdapter: a.isFallbackAdapter,
      features: a.features,
      deviceFeatures: [...ctx.device.features].sort(),
      limits: deviceLimits(ctx.device),
      kernels: await kernelSelection(ctx),
    };
    if (json) {
      console.log(JSON.stringify(info, null, 2));
      return 0;
    }
    const width = Math.max(...Object.keys(info.limits).map((k) => k.length));
    console.log([
      `adapter      ${[a.vendor, a.architecture].filter(Boolean).join(' / ') || '(unnamed)'}${a.isFallbackAdapter ? ' (fallback adapter)' : ''}`,
      `description  ${a.description || '-'}${a.device ? ` (device ${a.device})` : ''}`,
      `features     ${info.features.join(', ')}`,
      `enabled      ${info.deviceFeatures.join(', ')}`,
      `matmul       ${info.kernels.matmul}: ${info.kernels.reason}`,
      'limits (device)',
      ...Object.entries(info.limits).map(([k, v]) => `  ${k.padEnd(width)} ${v}`),
    ].join('\n'));
    return 0;
  },
};
