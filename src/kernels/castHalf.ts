// f32 → f16 copies of tensor ranges, all in one dispatch: the f16 copies of the matmul weights that an f16-B matmul
// reads, refreshed from the f32 master weights (src/engine/halfWeights.ts).
//   dst[segment.dst + i] = f16(src[segment.src + i]), i < segment.n, for every segment of the table
// Offsets and counts are in elements and multiples of 4 (vec4 loads, pairs of packed halves stored); a count rounds up
// to 4, so the ranges must hold it (a layout's 256-byte aligned slots do). One workgroup row per segment (grid y); the
// x workgroups stride through it.
// The rounding is integer arithmetic on the f32 bits, src/util/half.ts's halfBits in WGSL: nearest, ties to even,
// f16 subnormals, past f16's range ±infinity, NaN stays NaN. So it needs no shader-f16 and gives the same bits on every
// adapter; pack2x16float does not (WGSL leaves its rounding, and its result out of range, to the implementation:
// SwiftShader turns values past 65504 into NaNs and rounds some subnormals off by an ulp or two).
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, type BufferArg } from './bufferArgs';

export interface CastSegment {
  /** Start in src (f32 elements) and in dst (f16 elements), and the count: each a multiple of 4 but n. */
  src: number;
  dst: number;
  n: number;
}

const WORKGROUP = 256;
/** Workgroups along x per segment: enough to keep every core busy, few enough to skip idle ones on small tensors. */
const MAX_X = 16;

const code = /* wgsl */ `
struct Segment { src: u32, dst: u32, n: u32, pad: u32 }  // in vec4s
@group(0) @binding(0) var<storage, read_write> src: array<vec4u>;  // f32 bits
@group(0) @binding(1) var<storage, read_write> dst: array<vec2u>;  // pairs of f16 bits, the first in the low half
@group(0) @binding(2) var<storage, read_write> segments: array<Segment>;

// The f16 bits nearest to the f32 bits x. e: f16's biased exponent, <= 0 for its subnormals, which shift the
// implicit 1 in (by 25 at most: every f32 under half the smallest subnormal becomes 0); a carry out of the
// mantissa bumps the exponent (to infinity past 65504).
fn half(x: u32) -> u32 {
  let a = x & 0x7fffffffu;
  let e = i32(a >> 23u) - 112;
  let m = (a & 0x7fffffu) | select(0u, 0x800000u, e <= 0);
  let shift = u32(clamp(14 - e, 13, 25));
  let h = (u32(max(e, 0)) << 10u) | (m >> shift);
  let rest = m & ((1u << shift) - 1u);
  let tie = 1u << (shift - 1u);
  let rounded = h + u32((rest > tie) | ((rest == tie) & ((h & 1u) == 1u)));
  return ((x >> 16u) & 0x8000u) | select(rounded, 0x7c00u, e >= 31) | select(0u, 0x200u, a > 0x7f800000u);
}

@compute @workgroup_size(${WORKGROUP})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) groups: vec3u, @builtin(local_invocation_id) lid: vec3u) {
  let s = segments[wg.y];
  for (var i = wg.x * ${WORKGROUP}u + lid.x; i < s.n; i += groups.x * ${WORKGROUP}u) {
    let v = src[s.src + i];
    dst[s.dst + i] = vec2u(half(v.x) | (half(v.y) << 16u), half(v.z) | (half(v.w) << 16u));
  }
}`;

/** The cast of `segments` from one f32 buffer into one f16 buffer. */
export async function createCastHalf(ctx: GpuContext, segments: CastSegment[]) {
  if (segments.length === 0) throw new Error('f16 cast: no segments');
  for (const s of segments) {
    if (s.src % 4 || s.dst % 4 || !(s.n > 0)) throw new Error(`f16 cast: segment ${JSON.stringify(s)} is not at multiples of 4 elements`);
  }
  const vec4s = (x: number) => Math.ceil(x / 4);
  const table = new Uint32Array(segments.flatMap((s) => [s.src / 4, s.dst / 4, vec4s(s.n), 0]));
  const [pipeline, buffer] = [await ctx.pipelines.get({ label: 'cast f16', code }), ctx.buffers.upload('cast f16 segments', table)];
  const srcEnd = Math.max(...segments.map((s) => s.src + vec4s(s.n) * 4)), dstEnd = Math.max(...segments.map((s) => s.dst + vec4s(s.n) * 4));
  const x = Math.min(MAX_X, Math.ceil(Math.max(...segments.map((s) => vec4s(s.n))) / WORKGROUP));
  return {
    /** src: the f32 buffer the offsets index; dst: the f16 buffer. */
    bind(src: BufferArg, dst: BufferArg): PreparedDispatch[] {
      expectElements(src, srcEnd, 'f16 cast src');
      expectElements(dst, dstEnd, 'f16 cast dst', 2);
      return [prepareDispatch(ctx.device, { pipeline, bindings: [src, dst, buffer], workgroups: [x, segments.length], label: 'cast f16' })];
    },
    destroy(): void {
      ctx.buffers.destroy(buffer);
    },
  };
}
