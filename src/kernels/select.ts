// Which matmul variants this adapter can run, verified by a probe dispatch, and the MUTOR_MATMUL override. Which of
// them runs is decided by timing (autotune.ts), never by the adapter's name:
//   tiled      workgroup-memory tiles (matmulTiled.ts): every adapter
//   registers  register blocking, no subgroups (matmulRegisters.ts): every adapter
//   quad       register blocking shared through quadBroadcast: subgroups of a multiple of 4 lanes laid along x
//   subgroup8  shared through subgroupBroadcast: every subgroup exactly 8 wide, laid along x (lavapipe)
//   shuffle8   shared through subgroupShuffle within groups of 8 lanes: subgroups of at least 8 lanes (GPUs)
// Override: MUTOR_MATMUL=<variant> in the environment (Node), forceMatmulVariant (a benchmark Worker, before its
// device is made), or createMatmul's `config` option (tests, benchmarks).
// Forcing a variant this adapter failed the probe for throws instead of computing garbage.
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, Recorder } from '../gpu/recorder';
import { readUint32 } from '../gpu/readback';

export const matmulVariants = ['tiled', 'registers', 'quad', 'subgroup8', 'shuffle8'] as const;
export type MatmulVariant = (typeof matmulVariants)[number];

export interface KernelSelection {
  /** The variants this adapter runs correctly, in the order above. */
  available: MatmulVariant[];
  /** The variant MUTOR_MATMUL forces, or 'autotune': timed per shape class at first use (autotune.ts). */
  matmul: MatmulVariant | 'autotune';
  /** Why: one line for `mutor info` and benchmark rows. */
  reason: string;
  /** The subgroup width the probe saw (every invocation alike), or null (no subgroups, or widths that vary). */
  subgroupSize: number | null;
}

let forced: MatmulVariant | undefined;

/** Every matmul made from now on runs `variant` (undefined: back to MUTOR_MATMUL or the autotune). */
export function forceMatmulVariant(variant: MatmulVariant | undefined): void {
  forced = variant;
}

/** The variant forced by forceMatmulVariant or named by MUTOR_MATMUL, if any. */
export function matmulVariantOverride(): MatmulVariant | undefined {
  const v = forced ?? (typeof process !== 'undefined' ? process.env?.MUTOR_MATMUL : undefined);
  if (!v) return undefined;
  if (!(matmulVariants as readonly string[]).includes(v)) throw new Error(`MUTOR_MATMUL=${v}: expected one of ${matmulVariants.join(', ')}`);
  return v as MatmulVariant;
}

const PROBE_LANES = 64;
// One workgroup (64, 1), the shape of the register kernels' widest workgroup: each invocation writes its subgroup
// size, its lane, what quadBroadcast(·, 1) and what subgroupShuffle(·, its 8-group's lane 2) give it.
const probeCode = /* wgsl */ `enable subgroups;
@group(0) @binding(0) var<storage, read_write> out: array<vec4u>;  // [64]
@compute @workgroup_size(${PROBE_LANES}, 1)
fn main(@builtin(local_invocation_index) i: u32, @builtin(subgroup_size) size: u32, @builtin(subgroup_invocation_id) lane: u32) {
  out[i] = vec4u(size, lane, quadBroadcast(i, 1u), subgroupShuffle(i, (lane & ~7u) + 2u));
}`;

interface Probe {
  /** Every invocation saw this subgroup width (null: widths differ, or the probe failed). */
  size: number | null;
  /** Lanes run along x: lane = index mod size, quads and 8-groups are aligned runs of invocations. */
  alongX: boolean;
  quad: boolean;
  shuffle8: boolean;
}

const failed: Probe = { size: null, alongX: false, quad: false, shuffle8: false };

async function probeSubgroups(ctx: GpuContext): Promise<Probe> {
  if (!ctx.hasSubgroups) return failed;
  const buf = ctx.buffers.create('subgroup probe', PROBE_LANES * 16);
  try {
    const pipeline = await ctx.pipelines.get({ label: 'subgroup probe', code: probeCode });
    const rec = new Recorder(ctx, 'subgroup probe');
    rec.dispatch(prepareDispatch(ctx.device, { pipeline, bindings: [buf], workgroups: [1] }));
    rec.submit();
    const w = await readUint32(ctx, buf, 0, PROBE_LANES * 4);
    const at = (i: number) => [...w.subarray(4 * i, 4 * i + 4)];
    const size = at(0)[0];
    const uniform = Array.from({ length: PROBE_LANES }, (_, i) => at(i)[0]).every((s) => s === size);
    const all = (f: (i: number, v: number[]) => boolean) => Array.from({ length: PROBE_LANES }, (_, i) => f(i, at(i))).every(Boolean);
    const alongX = uniform && size > 0 && all((i, v) => v[1] === i % size);
    return {
      size: uniform ? size : null,
      alongX,
      quad: alongX && size % 4 === 0 && all((i, v) => v[2] === (i & ~3) + 1),
      shuffle8: alongX && size % 8 === 0 && all((i, v) => v[3] === (i & ~7) + 2),
    };
  } catch {
    return failed;
  } finally {
    ctx.buffers.destroy(buf);
  }
}

/** What the adapter promises about subgroup widths (GPUAdapterInfo, where the browser reports it). */
function widthRange(ctx: GpuContext, probed: number | null): [number, number] {
  const a = ctx.adapter;
  return [a.subgroupMinSize ?? probed ?? 0, a.subgroupMaxSize ?? probed ?? 0];
}

const selections = new WeakMap<GpuContext, Promise<KernelSelection>>();

async function select(ctx: GpuContext): Promise<KernelSelection> {
  const p = await probeSubgroups(ctx);
  // A pipeline may get another width than the probe's where the adapter allows several: rely only on what every
  // width in the adapter's range gives.
  const [min, max] = widthRange(ctx, p.size);
  const available: MatmulVariant[] = ['tiled', 'registers'];
  if (p.quad && min >= 4) available.push('quad');
  if (p.size === 8 && min === 8 && max === 8) available.push('subgroup8');
  if (p.shuffle8 && min >= 8) available.push('shuffle8');
  const subgroupSize = p.size;
  const override = matmulVariantOverride();
  if (override) return { available, matmul: override, reason: `forced: ${override}`, subgroupSize };
  return { available, matmul: 'autotune', reason: `fastest of ${available.join(', ')} per shape class, timed at first use`, subgroupSize };
}

/** The variants this device can run, probed once and cached. */
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
  const { available, subgroupSize } = await kernelSelection(ctx);
  if (!available.includes(variant)) {
    throw new Error(`matmul variant ${variant} cannot run on this adapter (subgroup width ${subgroupSize ?? 'none or varying'}; available: ${available.join(', ')})`);
  }
}
