// Attention backward without float atomics, from the saved logsumexp (p = exp(s - lse)):
//   dq pass   one lane per query, over the key tiles it can see (as the forward):
//             D = dOut·out (saved for the next pass), dq = scale · Σ_k p (dOut·v_k - D) k
//   dk/dv     one lane per key, over the query tiles that can see it:
//             dv = Σ_q p dOut_q,  dk = scale · Σ_q p (dOut_q·v - D_q) q
// Queries that can see key k: prompt key [0, T) (the prefix plus everything after it), answer key [k, T),
// register key [k, k]; a key block walks from the smallest start to the largest end of its keys, and the subgroup
// variant also skips query tiles made only of pads.
import { eachVec4, entry, queryLane, header, loadOwn, member, memberKind, rowField, scalarField, tileStart, unroll, type AttentionPlan } from './attentionWgsl';

/** Bindings: q, k, v, out, dOut, stats, kinds, promptLen, dq, dsum. */
export function dqWgsl(p: AttentionPlan): string {
  const fields = [rowField('key', 'k'), rowField('value', 'v')];
  return /* wgsl */ `${header(p)}
@group(0) @binding(0) var<storage, read_write> q: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(1) var<storage, read_write> k: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(2) var<storage, read_write> v: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(3) var<storage, read_write> out: array<vec4f>;      // [B*T, C/4] forward output
@group(0) @binding(4) var<storage, read_write> dOut: array<vec4f>;     // [B*T, C/4]
@group(0) @binding(5) var<storage, read_write> stats: array<f32>;      // [B*NH*T] logsumexp
@group(0) @binding(6) var<storage, read_write> kinds: array<u32>;      // [B*T]
@group(0) @binding(7) var<storage, read_write> promptLen: array<u32>;  // [B]
@group(0) @binding(8) var<storage, read_write> dq: array<vec4f>;       // [B*T, C/4]
@group(0) @binding(9) var<storage, read_write> dsum: array<f32>;       // [B*NH*T] D = dOut·out

${entry(p)} {
  let b = wg.z;
  let h = wg.y;
  ${queryLane(p)}
  var gs: array<vec4f, HD4>;
  var d = 0.0;
  let real = kq != PAD;   // a pad query's rows read as 0: its dq row is 0 whatever they hold
  ${eachVec4(p, `
    gs[i] = select(vec4f(), dOut[qRow + i], real);
    d += dot(gs[i], select(vec4f(), out[qRow + i], real));
  `)}
  let lse = stats[statAt(b, h, iq)];
  var acc: array<vec4f, HD4>;
  for (var k0 = 0u; k0 < kEnd; k0 += TILE) {
    ${tileStart(p, 'k0')}
    ${loadOwn(p, fields)}
    ${unroll(p, (j) => /* wgsl */ `{
      ${memberKind(p, 'k0', j)}
      ${member(p, 'k0', j, fields)}
      let vis = visible(kq, iq, kind${j}, k0 + ${j}u);
      var s = 0.0;
      var dp = 0.0;
      ${eachVec4(p, `
        s += dot(qs[i], key${j}[i]);
        dp += dot(gs[i], value${j}[i]);
      `)}
      let ds = select(0.0, exp(s - lse), vis) * (dp - d);
      ${eachVec4(p, ` acc[i] += ds * key${j}[i]; `)}
    }`)}
  }
  if (iq < T) {
    dsum[statAt(b, h, iq)] = d;
    ${eachVec4(p, ` dq[qRow + i] = acc[i] * SCALE; `)}
  }
}`;
}

/** Bindings: q, k, v, dOut, stats, dsum, kinds, dk, dv, and promptLen in the direct variant (the subgroup variant
 * takes its bounds from the keys' kinds alone). */
export function dkdvWgsl(p: AttentionPlan): string {
  const fields = [
    rowField('query', 'q'),
    rowField('grad', 'dOut'),
    scalarField('lse', (i) => `stats[statAt(b, h, ${i})]`),
    scalarField('dsum', (i) => `dsum[statAt(b, h, ${i})]`),
  ];
  const skipPads = p.variant === 'subgroup' ? 'if (subgroupAll(kindOwn == PAD)) { continue; }' : '';
  const groupStart = 'select(wg.x * LANES, 0u, wg.x * LANES < promptLen[b])';
  return /* wgsl */ `${header(p)}
@group(0) @binding(0) var<storage, read_write> q: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(1) var<storage, read_write> k: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(2) var<storage, read_write> v: array<vec4f>;        // [B*T, C/4]
@group(0) @binding(3) var<storage, read_write> dOut: array<vec4f>;     // [B*T, C/4]
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;      // [B*NH*T] logsumexp
@group(0) @binding(5) var<storage, read_write> dsum: array<f32>;       // [B*NH*T] D from the dq pass
@group(0) @binding(6) var<storage, read_write> kinds: array<u32>;      // [B*T]
@group(0) @binding(7) var<storage, read_write> dk: array<vec4f>;       // [B*T, C/4]
@group(0) @binding(8) var<storage, read_write> dv: array<vec4f>;       // [B*T, C/4]
${p.variant === 'direct' ? '@group(0) @binding(9) var<storage, read_write> promptLen: array<u32>;  // [B]' : ''}

// Queries that can see key (kind kk, index ik) lie in [queryStart, queryEnd).
fn queryStart(kk: u32, ik: u32) -> u32 {
  if (kk == PAD) { return T; }
  return select(ik, 0u, kk == PROMPT);
}
fn queryEnd(kk: u32, ik: u32) -> u32 {
  if (kk == PAD) { return 0u; }
  return select(T, ik + 1u, kk == REGISTER);
}

${entry(p)} {
  let b = wg.z;
  let h = wg.y;
  let ik = wg.x * LANES + li;
  let kk = kindAt(b, ik);
  let kRow = rowAt(b, ik, h);
  let qStart = ${p.variant === 'subgroup' ? 'subgroupMin(queryStart(kk, ik))' : groupStart};
  let qEnd = ${p.variant === 'subgroup' ? 'subgroupMax(queryEnd(kk, ik))' : 'T'};
  var ks: array<vec4f, HD4>;   // scaled key
  var vs: array<vec4f, HD4>;
  let real = kk != PAD;   // a pad key's rows read as 0: its dk, dv rows are 0 whatever they hold
  ${eachVec4(p, `
    ks[i] = select(vec4f(), k[kRow + i] * SCALE, real);
    vs[i] = select(vec4f(), v[kRow + i], real);
  `)}
  var dka: array<vec4f, HD4>;
  var dva: array<vec4f, HD4>;
  for (var q0 = qStart; q0 < qEnd; q0 += TILE) {
    ${tileStart(p, 'q0')}
    ${skipPads}
    ${loadOwn(p, fields)}
    ${unroll(p, (j) => /* wgsl */ `{
      ${memberKind(p, 'q0', j)}
      ${member(p, 'q0', j, fields)}
      let vis = visible(kind${j}, q0 + ${j}u, kk, ik);
      var s = 0.0;
      var dp = 0.0;
      ${eachVec4(p, `
        s += dot(query${j}[i], ks[i]);
        dp += dot(grad${j}[i], vs[i]);
      `)}
      let prob = select(0.0, exp(s - lse${j}), vis);
      let ds = prob * (dp - dsum${j});
      ${eachVec4(p, `
        dva[i] += prob * grad${j}[i];
        dka[i] += ds * query${j}[i];
      `)}
    }`)}
  }
  if (ik < T) {
    ${eachVec4(p, `
      dk[kRow + i] = dka[i] * SCALE;
      dv[kRow + i] = dva[i];
    `)}
  }
}`;
}
