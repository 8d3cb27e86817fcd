// Which kernel variant runs on this adapter. CPU rasterizers and GPUs want opposite habits (shared/WEBGPU-ON-CPU.md),
// so the kernel layer holds variants and picks one per device, once:
//   subgroup8  CPU adapter (lavapipe/llvmpipe, SwiftShader, any fallback adapter) whose subgroups are verified by a
//              probe dispatch to be 8 wide and laid out along the workgroup's x (lavapipe: yes; SwiftShader: 4 wide, no)
//   tiled      everything else, and whenever the probe fails or cannot run
// Override: MUTOR_MATMUL=tiled|subgroup8 in the environment (Node), or createMatmul's `variant` option (tests).
// Forcing subgroup8 where the probe fails throws instead of computing garbage.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, Recorder } from '../gpu/recorder';
import { readUint32 } from '../gpu/readback';

export const matmulVariants = ['tiled', 'subgroup8'] as const;
export type MatmulVariant = (typeof matmulVariants)[number];

export interface KernelSelection {
  matmul: MatmulVariant;
  /** Why: one line for `mutor info` and benchmark rows. */
  reason: string;
  /** The probe's verdict on 8-wide subgroups (false where the adapter has no subgroups). */
  subgroup8: boolean;
}

const CPU_ADAPTER = /llvmpipe|lavapipe|swiftshader|software|cpu/i;

export function isCpuAdapter(ctx: GpuContext): boolean {
  const a = ctx.adapter;
  return a.isFallbackAdapter || CPU_ADAPTER.test(`${a.vendor} ${a.architecture} ${a.device} ${a.description}`);
}

/** The variant named by MUTOR_MATMUL, if any (undefined in browsers). */
export function matmulVariantOverride(): MatmulVariant | undefined {
  const v = typeof process !== 'undefined' ? process.env?.MUTOR_MATMUL : undefined;
  if (!v) return undefined;
  if (!(matmulVariants as readonly string[]).includes(v)) throw new Error(`MUTOR_MATMUL=${v}: expected one of ${matmulVariants.join(', ')}`);
  return v as MatmulVariant;
}

// Workgroup (16, 4) like the subgroup matmul's wider shapes: every invocation writes its subgroup size and what
// lane 3 of its subgroup holds; 8-wide subgroups along x give 8 and (index & ~7) + 3 everywhere.
const probeCode = /* wgsl */ `enable subgroups;
@group(0) @binding(0) var<storage, read_write> out: array<vec2u>;  // [64]: (subgroup size, broadcast of lane 3)
@compute @workgroup_size(16, 4)
fn main(@builtin(local_invocation_index) i: u32, @builtin(subgroup_size) size: u32, @builtin(subgroup_invocation_id) lane: u32) {
  let lane3 = subgroupBroadcast(i, 3u);
  out[i] = vec2u(size, select(0xffffffffu, lane3, lane == (i & 7u)));
}`;

async function probeSubgroup8(ctx: GpuContext): Promise<boolean> {
  if (!ctx.hasSubgroups) return false;
  const buf = ctx.buffers.create('subgroup probe', 64 * 8);
  try {
    const pipeline = await ctx.pipelines.get({ label: 'subgroup probe', code: probeCode });
    const rec = new Recorder(ctx, 'subgroup probe');
    rec.dispatch(prepareDispatch(ctx.device, { pipeline, bindings: [buf], workgroups: [1] }));
    rec.submit();
    const words = await readUint32(ctx, buf, 0, 128);
    for (let i = 0; i < 64; i++) if (words[2 * i] !== 8 || words[2 * i + 1] !== (i & ~7) + 3) return false;
    return true;
  } catch {
    return false;
  } finally {
    ctx.buffers.destroy(buf);
  }
}

const selections = new WeakMap<GpuContext, Promise<KernelSelection>>();

async function select(ctx: GpuContext): Promise<KernelSelection> {
  const subgroup8 = await probeSubgroup8(ctx);
  const forced = matmulVariantOverride();
  if (forced) return { matmul: forced, reason: `MUTOR_MATMUL=${forced}`, subgroup8 };
  if (!isCpuAdapter(ctx)) return { matmul: 'tiled', reason: 'GPU adapter: workgroup-memory tiles', subgroup8 };
  if (!subgroup8) return { matmul: 'tiled', reason: 'CPU adapter without verified 8-wide subgroups', subgroup8 };
  return { matmul: 'subgroup8', reason: 'CPU adapter with 8-wide subgroups: subgroup broadcast', subgroup8 };
}

/** The kernel choice for this device, probed once and cached. */
export function kernelSelection(ctx: GpuContext): Promise<KernelSelection> {
  let s = selections.get(ctx);
  if (!s) {
    s = select(ctx);
    selections.set(ctx, s);
  }
  return s;
}

/** Throws unless `variant` can run correctly on this device. */
export async function checkVariant(ctx: GpuContext, variant: MatmulVariant): Promise<void> {
  if (variant === 'subgroup8' && !(await kernelSelection(ctx)).subgroup8) {
    throw new Error('matmul variant subgroup8 needs 8-wide subgroups laid out along x; this adapter failed the probe');
  }
}
