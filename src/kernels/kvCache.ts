// The KV cache of incremental decoding: writing keys/values into it, and attending one query per sequence to it.
// Cache layout, per layer and for K and V alike: [B, nHeads, Tmax, headDim] (a sequence's head is one contiguous
// [Tmax, headDim] block). Token rows elsewhere are [rows, C] with C = nHeads·headDim (head h = columns h·hd..).
//   write   S consecutive tokens of each sequence, keys and values in one dispatch: k, v [B·S, C] ->
//           kCache, vCache[b, h, start[b] + s, :] for s < S (prefill: S = Tmax from slot 0; a decode step: S = 1 at
//           the new token's slot). Slots past Tmax are skipped, never wrapped into another sequence.
//   attend  query q[b] [C] (RoPE'd) against cached slots 0..last[b] (causal: the query's own slot included):
//           out[b] = softmax(q·kᵀ / sqrt(hd)) · v per head. One invocation per (sequence, head), online softmax over
//           the slots; slots past last[b] are never read, so whatever they hold (stale tokens, NaN) cannot leak.
//           Its loops over a head's vec4s are unrolled (eachVec4, attentionWgsl.ts: SwiftShader's reason).
import type { GpuContext } from '../gpu/context';
import { prepareDispatch, type PreparedDispatch } from '../gpu/recorder';
import { expectElements, workgroupsFor, type BufferArg } from './bufferArgs';
import { eachVec4 } from './attentionWgsl';

export interface KvCacheShape {
  /** Sequences. */
  B: number;
  nHeads: number;
  headDim: number;
  /** Slots per sequence. */
  Tmax: number;
}

const WRITE_GROUP = 64;
/** Small workgroups: there are only B·nHeads invocations, and a CPU rasterizer runs one workgroup per thread. */
const ATTEND_GROUP = 16;

function header(s: KvCacheShape): string {
  return /* wgsl */ `
const B = ${s.B}u;
const NH = ${s.nHeads}u;
const HD4 = ${s.headDim / 4}u;   // head width in vec4s
const TMAX = ${s.Tmax}u;`;
}

const writeWgsl = (s: KvCacheShape, S: number) => /* wgsl */ `${header(s)}
const S = ${S}u;                 // tokens per sequence in src
@group(0) @binding(0) var<storage, read_write> k: array<vec4f>;        // [B*S, NH*HD4]
@group(0) @binding(1) var<storage, read_write> v: array<vec4f>;        // [B*S, NH*HD4]
@group(0) @binding(2) var<storage, read_write> start: array<u32>;      // [B] slot of each sequence's first token
@group(0) @binding(3) var<storage, read_write> kCache: array<vec4f>;   // [B, NH, TMAX, HD4]
@group(0) @binding(4) var<storage, read_write> vCache: array<vec4f>;   // [B, NH, TMAX, HD4]
@compute @workgroup_size(${WRITE_GROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;
  if (i >= B * S * NH * HD4) { return; }
  let row = i / (NH * HD4);
  let h = (i / HD4) % NH;
  let j = i % HD4;
  let b = row / S;
  let t = start[b] + row % S;
  if (t < TMAX) {
    let at = ((b * NH + h) * TMAX + t) * HD4 + j;
    kCache[at] = k[i];
    vCache[at] = v[i];
  }
}`;

const attendWgsl = (s: KvCacheShape) => /* wgsl */ `${header(s)}
const SCALE: f32 = ${1 / Math.sqrt(s.headDim)};
const NEG: f32 = -3.0e38;
@group(0) @binding(0) var<storage, read_write> q: array<vec4f>;        // [B, NH*HD4]
@group(0) @binding(1) var<storage, read_write> kCache: array<vec4f>;   // [B, NH, TMAX, HD4]
@group(0) @binding(2) var<storage, read_write> vCache: array<vec4f>;   // [B, NH, TMAX, HD4]
@group(0) @binding(3) var<storage, read_write> last: array<u32>;       // [B] the query's slot: keys 0..last[b]
@group(0) @binding(4) var<storage, read_write> out: array<vec4f>;      // [B, NH*HD4]
@compute @workgroup_size(${ATTEND_GROUP}) fn main(@builtin(global_invocation_id) g: vec3u) {
  let i = g.x;                   // = b * NH + h: also the head's offset in q and out, in HD4 units
  if (i >= B * NH) { return; }
  let b = i / NH;
  let base = i * TMAX * HD4;     // the (b, h) block of the caches
  var qs: array<vec4f, HD4>;
  ${eachVec4(s, ' qs[j] = q[i * HD4 + j] * SCALE; ', 'j')}
  var acc: array<vec4f, HD4>;
  var m = NEG;
  var l = 0.0;
  let end = min(last[b] + 1u, TMAX);
  for (var t = 0u; t < end; t++) {
    let row = base + t * HD4;
    var s = 0.0;
    ${eachVec4(s, ' s += dot(qs[j], kCache[row + j]); ', 'j')}
    let mNew = max(m, s);
    let alpha = exp(m - mNew);
    let p = exp(s - mNew);
    l = l * alpha + p;
    ${eachVec4(s, ' acc[j] = acc[j] * alpha + p * vCache[row + j]; ', 'j')}
    m = mNew;
  }
  let inv = select(0.0, 1.0 / l, l > 0.0);
  ${eachVec4(s, ' out[i * HD4 + j] = acc[j] * inv; ', 'j')}
}`;

/** Floats in one cache (K or V of one layer): [B, nHeads, Tmax, headDim]. */
export function kvCacheFloats(s: KvCacheShape): number {
  return s.B * s.nHeads * s.Tmax * s.headDim;
}

/** `spans`: the token counts S per sequence that bindWrite will be asked for (a write pipeline each). */
export async function createKvCache(ctx: GpuContext, s: KvCacheShape, spans: number[] = [1]) {
  for (const k of ['B', 'nHeads', 'headDim', 'Tmax'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new Error(`kv cache: ${k} must be a positive integer, got ${s[k]}`);
  }
  if (s.headDim % 4 !== 0) throw new Error(`kv cache: headDim ${s.headDim} must be a multiple of 4 (rows are read as vec4)`);
  const { B, nHeads, headDim, Tmax } = s;
  const C = nHeads * headDim, cacheFloats = kvCacheFloats(s);
  for (const S of spans) if (!Number.isInteger(S) || S < 1 || S > Tmax) throw new Error(`kv cache: a write span must be in [1, ${Tmax}], got ${S}`);
  const tag = `B${B} nh${nHeads} hd${headDim} T${Tmax}`;
  const [attend, ...writes] = await Promise.all([
    ctx.pipelines.get({ label: `kv attend ${tag}`, code: attendWgsl(s) }),
    ...spans.map((S) => ctx.pipelines.get({ label: `kv write S${S} ${tag}`, code: writeWgsl(s, S) })),
  ]);
  const writers = new Map(spans.map((S, i) => [S, writes[i]]));
  return {
    /** Floats in one cache (K or V of one layer). */
    cacheFloats,
    /** kCache, vCache[b, :, start[b] .. start[b] + S) = k, v rows b·S .. b·S + S - 1: k, v [B·S, C]; start [B] u32. */
    bindWrite(S: number, k: BufferArg, v: BufferArg, start: BufferArg, kCache: BufferArg, vCache: BufferArg): PreparedDispatch[] {
      const pipeline = writers.get(S);
      if (!pipeline) throw new Error(`kv write: span ${S} was not prepared (spans: ${spans.join(', ')})`);
      expectElements(k, B * S * C, 'kv write k');
      expectElements(v, B * S * C, 'kv write v');
      expectElements(start, B, 'kv write start');
      expectElements(kCache, cacheFloats, 'kv write kCache');
      expectElements(vCache, cacheFloats, 'kv write vCache');
      const workgroups = workgroupsFor((B * S * C) / 4, WRITE_GROUP, 'kv write');
      return [prepareDispatch(ctx.device, { pipeline, bindings: [k, v, start, kCache, vCache], workgroups: [workgroups], label: `kv write S${S}` })];
    },
    /** out [B, C] = attention of q [B, C] over slots 0..last[b] (last [B] u32) of kCache, vCache. */
    bindAttend(q: BufferArg, kCache: BufferArg, vCache: BufferArg, last: BufferArg, out: BufferArg): PreparedDispatch[] {
      expectElements(q, B * C, 'kv attend q');
      expectElements(kCache, cacheFloats, 'kv attend kCache');
      expectElements(vCache, cacheFloats, 'kv attend vCache');
      expectElements(last, B, 'kv attend last');
      expectElements(out, B * C, 'kv attend out');
      const workgroups = workgroupsFor(B * nHeads, ATTEND_GROUP, 'kv attend');
      return [prepareDispatch(ctx.device, { pipeline: attend, bindings: [q, kCache, vCache, last, out], workgroups: [workgroups], label: 'kv attend' })];
    },
  };
}

export type KvCacheKernels = Awaited<ReturnType<typeof createKvCache>>;
