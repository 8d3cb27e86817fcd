// The portable matmul: workgroup-memory tiles, no subgroups, 256 invocations (within every adapter's
// default limits, SwiftShader's included). One pipeline per transpose/accumulate combination serves every shape.
//   C[M,N] (+)= op(A)[M,K] · op(B)[K,N]
// A workgroup of 16×16 invocations computes a 64×64 tile of C; invocation (x, y) owns rows y + 16i and columns
// x + 16j (i, j < 4), so its loads from workgroup memory are broadcasts (A) or consecutive (B) and its stores to C
// are consecutive across x. Per 16-wide step in k the workgroup stages op(A)[64,16] and op(B)[16,64] in workgroup
// memory, k-major, each read so that neighbouring invocations touch neighbouring addresses of the stored matrix
// (along k for A and Bᵀ, along the row for Aᵀ and B). Out-of-range elements stage as 0; an f16 B stages widened.
// Split over k (matmulSplit.ts): the same steps over the workgroup's chunk [kLo, kHi) of k only.
import { batchLabel, batchLoop, bRead, dimsLets, gridZ, kRange, matmulBindings, offsetOf, type KernelShape, type MatmulPlan } from './matmulShape';

const TILE = 64;
const BK = 16;

/** WGSL that stages one 64×16 (or 16×64) operand tile: `tile[kk * 64 + m]` = op(X)[base + m, k0 + kk]. */
function stage(s: KernelShape, tile: string, src: 'a' | 'b', kAlongRow: boolean, base: string, extent: string): string {
  // kAlongRow: the stored matrix is [extent, K] (A, Bᵀ): 16 neighbours read 16 consecutive k.
  // Otherwise it is [K, extent] (Aᵀ, B): 64 neighbours read 64 consecutive rows of op(X).
  const [kk, m, at] = kAlongRow
    ? ['t % 16u', 't / 16u + 16u * i', `g * K + k0 + kk`]
    : ['t / 64u + 4u * i', 't % 64u', `(k0 + kk) * ${extent} + g`];
  return `for (var i = 0u; i < 4u; i++) {
      let kk = ${kk};
      let m = ${m};
      let g = ${base} + m;
      var v = 0.0;
      if (g < ${extent} && k0 + kk < ${kRange(s).hi}) { v = ${src === 'b' ? bRead(s, false, `${offsetOf(s, src)}${at}`) : `a[${offsetOf(s, src)}${at}]`}; }
      ${tile}[kk * ${TILE}u + m] = v;
    }`;
}

export function tiledMatmulPlan(s: KernelShape): MatmulPlan {
  const store = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => {
    const value = s.accumulate ? `c[at] + acc${i}[${j}]` : `acc${i}[${j}]`;
    return `if (row${i} < M && col0 + ${16 * j}u < N) { let at = ${offsetOf(s, 'c')}row${i} * N + col0 + ${16 * j}u; c[at] = ${value}; }`;
  }).join('\n  ')).join('\n  ');
  const batch = batchLoop(s, { a: false, b: false, c: false });
  const code = /* wgsl */ `${matmulBindings(s, false, false, false)}
var<workgroup> tileA: array<f32, ${TILE * BK}>;  // [16 k][64 rows of op(A)]
var<workgroup> tileB: array<f32, ${TILE * BK}>;  // [16 k][64 columns of op(B)]
@compute @workgroup_size(16, 16)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(local_invocation_index) t: u32) {
  ${dimsLets(s)}
  let rowBase = wg.y * ${TILE}u;
  let colBase = wg.x * ${TILE}u;
  var acc0 = vec4f(0.0); var acc1 = vec4f(0.0); var acc2 = vec4f(0.0); var acc3 = vec4f(0.0);
  ${batch.open}
  for (var k0 = ${kRange(s).lo}; k0 < ${kRange(s).hi}; k0 += ${BK}u) {
    ${stage(s, 'tileA', 'a', !s.transA, 'rowBase', 'M')}
    ${stage(s, 'tileB', 'b', !!s.transB, 'colBase', 'N')}
    workgroupBarrier();
    for (var kk = 0u; kk < ${BK}u; kk++) {
      let ak = kk * ${TILE}u + lid.y;
      let bk = kk * ${TILE}u + lid.x;
      let bv = vec4f(tileB[bk], tileB[bk + 16u], tileB[bk + 32u], tileB[bk + 48u]);
      acc0 = fma(vec4f(tileA[ak]), bv, acc0);
      acc1 = fma(vec4f(tileA[ak + 16u]), bv, acc1);
      acc2 = fma(vec4f(tileA[ak + 32u]), bv, acc2);
      acc3 = fma(vec4f(tileA[ak + 48u]), bv, acc3);
    }
    workgroupBarrier();
  }
  ${batch.close}
  let row0 = rowBase + lid.y; let row1 = row0 + 16u; let row2 = row0 + 32u; let row3 = row0 + 48u;
  let col0 = colBase + lid.x;
  ${store}
}`;
  const label = `matmul tiled ${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}${s.accumulate ? '+' : ''}${batchLabel(s)}`;
  return { label, code, workgroups: [Math.ceil(s.N / TILE), Math.ceil(s.M / TILE), gridZ(s)] };
}
