// Attention forward and the probabilities panel: one lane per query, online softmax over key tiles.
// A query block (the lanes sharing tiles) stops at the largest keyEnd of its queries, i.e. at most
// max(last query + 1, promptLen): later key tiles are masked for all of them and never run.
import { eachVec4, entry, header, loadOwn, member, memberKind, queryLane, rowField, tileMax, tileStart, unroll, type AttentionPlan } from './attentionWgsl';

const keyField = rowField('key', 'k');
const valueField = rowField('value', 'v');

/** Scores s_j of the tile's keys for this lane's query (NEG where masked) and their visibility vis_j. */
function scores(p: AttentionPlan): string {
  return unroll(p, (j) => /* wgsl */ `
    ${memberKind(p, 'k0', j)}
    let vis${j} = visible(kq, iq, kind${j}, k0 + ${j}u);
    var s${j} = NEG;
    {
      ${member(p, 'k0', j, [keyField])}
      var dot${j} = 0.0;
      ${eachVec4(p, ` dot${j} += dot(qs[i], key${j}[i]); `)}
      s${j} = select(NEG, dot${j}, vis${j});
    }`);
}

/** Bindings: q, k, v, kinds, promptLen, out, stats. */
export function forwardWgsl(p: AttentionPlan): string {
  return /* wgsl */ `${header(p)}
@group(0) @binding(0) var<storage, read_write> q: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(1) var<storage, read_write> k: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(2) var<storage, read_write> v: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(3) var<storage, read_write> kinds: array<u32>;      // [B*T]
@group(0) @binding(4) var<storage, read_write> promptLen: array<u32>;  // [B]
@group(0) @binding(5) var<storage, read_write> out: array<vec4f>;      // [B*T, C/4]
@group(0) @binding(6) var<storage, read_write> stats: array<f32>;      // [B*NH*T] logsumexp of the scaled scores

${entry(p)} {
  let b = wg.z;
  let h = wg.y;
  ${queryLane(p)}
  var acc: array<vec4f, HD4>;
  var m = NEG;
  var l = 0.0;
  for (var k0 = 0u; k0 < kEnd; k0 += TILE) {
    ${tileStart(p, 'k0')}
    ${loadOwn(p, [keyField, valueField])}
    ${scores(p)}
    let mNew = ${tileMax(p, 'm')};
    let alpha = exp(m - mNew);
    l *= alpha;
    ${eachVec4(p, ` acc[i] *= alpha; `)}
    ${unroll(p, (j) => /* wgsl */ `{
      let p${j} = select(0.0, exp(s${j} - mNew), vis${j});
      l += p${j};
      ${member(p, 'k0', j, [valueField])}
      ${eachVec4(p, ` acc[i] += p${j} * value${j}[i]; `)}
    }`)}
    m = mNew;
  }
  if (iq < T) {
    let seen = l > 0.0;   // false for a query that sees nothing (pads): output row 0
    let inv = select(0.0, 1.0 / l, seen);
    ${eachVec4(p, ` out[qRow + i] = acc[i] * inv; `)}
    stats[statAt(b, h, iq)] = select(0.0, m + log(l), seen);
  }
}`;
}

/** Bindings: q, k, stats, kinds, promptLen, probs [T*T], sel (uniform: example, head). */
export function probabilitiesWgsl(p: AttentionPlan): string {
  return /* wgsl */ `${header(p)}
@group(0) @binding(0) var<storage, read_write> q: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(1) var<storage, read_write> k: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(2) var<storage, read_write> stats: array<f32>;      // [B*NH*T]
@group(0) @binding(3) var<storage, read_write> kinds: array<u32>;      // [B*T]
@group(0) @binding(4) var<storage, read_write> promptLen: array<u32>;  // [B]
@group(0) @binding(5) var<storage, read_write> probs: array<f32>;      // [T*T] row = query
@group(0) @binding(6) var<uniform> sel: vec4u;                         // (example, head, -, -)

${entry(p)} {
  let b = sel.x;
  let h = sel.y;
  ${queryLane(p)}
  let lse = stats[statAt(b, h, iq)];
  var k0 = 0u;
  for (; k0 < kEnd; k0 += TILE) {
    ${tileStart(p, 'k0')}
    ${loadOwn(p, [keyField])}
    ${scores(p)}
    ${unroll(p, (j) => `if (iq < T && k0 + ${j}u < T) { probs[iq * T + k0 + ${j}u] = select(0.0, exp(s${j} - lse), vis${j}); }`)}
  }
  if (iq < T) {
    for (var key = k0; key < T; key++) { probs[iq * T + key] = 0.0; }
  }
}`;
}
