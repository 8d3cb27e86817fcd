// The register-blocked matmul family: no workgroup memory, vec4 loads, 8 rows × 4 columns of C per invocation, and
// op(A) shared between the lanes of a cluster of 1, 4 or 8 neighbouring invocations through subgroup operations.
// CPU rasterizers (lavapipe, SwiftShader) split every storage load into per-lane scalar loads, so sharing loaded
// values through the subgroup is the cheap path there (shared/WEBGPU-ON-CPU.md); on GPUs the same sharing saves
// memory traffic. Which member runs where is decided by timing (autotune.ts), not by the adapter's name.
//   C[M,N] (+)= op(A)[M,K] · op(B)[K,N]
// Members (`cluster` lanes share their 8 rows; each lane loads 8/cluster vec4f of op(A) per step of 4 in k):
//   registers  cluster 1: each invocation loads its own 8 rows (no subgroups needed)
//   quad       cluster 4: quadBroadcast (any subgroup width that is a multiple of 4)
//   subgroup8  cluster 8: subgroupBroadcast, where every subgroup is exactly 8 wide (lavapipe)
//   shuffle8   cluster 8: subgroupShuffle within aligned groups of 8 lanes, any subgroup width ≥ 8 (GPUs)
// The lanes of a cluster sit side by side in columns (the workgroup's x extent is a multiple of the cluster, so a
// cluster never spans two y values). Per step of 4 in k, each lane loads its vec4f of op(A) (a row's 4 k values, or
// with Aᵀ a 4-row strip of one k), the cluster shares them, and each lane loads op(B)'s 4×4 block for its columns
// and does 32 vec4 FMAs. Loads are vec4 where the stored row length is a multiple of 4, scalar otherwise; rows and
// columns past the edge load clamped indices and are computed but never stored; a K that is not a multiple of 4
// ends with one guarded step that zeroes A past K. Every member adds the k terms in the same order with fma, as
// the tiled kernel does, so all variants give bitwise the same C (unsplit: a split over k, matmulSplit.ts, runs
// the same loop over each chunk with kLo/kHi and sums the chunks after). An f16 B (halfB) widens to f32 as it loads.
import { batchLabel, batchLoop, bRead, dimsLets, gridZ, kRange, matmulBindings, offsetOf, type KernelShape, type MatmulPlan, type MatmulShape } from './matmulShape';

export type RegisterMember = 'registers' | 'quad' | 'subgroup8' | 'shuffle8';

export const clusterOf: Record<RegisterMember, number> = { registers: 1, quad: 4, subgroup8: 8, shuffle8: 8 };

const ROWS = 8;
const COLS = 4;
const range = (n: number) => [...Array(n).keys()];

interface Layout {
  /** A: lanes load vec4f (A row length, K or M, is a multiple of 4). */
  aVec: boolean;
  bVec: boolean;
  cVec: boolean;
  /** K may not be a multiple of 4 (neither A nor B is read as vec4 along k): the code ends with a guarded step. */
  kTail: boolean;
}

function layoutOf(s: MatmulShape): Layout {
  const aVec = (s.transA ? s.M : s.K) % 4 === 0, bVec = (s.transB ? s.K : s.N) % 4 === 0;
  // vec4 reads along k (A, or Bᵀ) only exist when K is a multiple of 4; otherwise the tail is a runtime branch.
  const vecAlongK = (aVec && !s.transA) || (bVec && !!s.transB);
  return { aVec, bVec, cVec: s.N % 4 === 0, kTail: !vecAlongK };
}

/** The vec4f this lane loads as its j-th share: vector v = lane + cluster·j of the 8 that make up op(A)'s 8×4 block
 * (row v's 4 k values; with vec4 Aᵀ, k = v/2 and rows 4(v%2)..+3). Returns WGSL setup lines and the load. */
function aLoad(s: MatmulShape, l: Layout, j: number, cluster: number, tail: boolean): { setup: string[]; load: string } {
  const v = cluster === 1 ? `${j}u` : `(lane % ${cluster}u + ${cluster * j}u)`;
  const kAt = (t: number) => (tail ? `min(k + ${t}u, K - 1u)` : `(k + ${t}u)`);
  const keep = (t: number, x: string) => (tail ? `select(0.0, ${x}, k + ${t}u < K)` : x);
  const ao = offsetOf(s, 'a');
  if (!s.transA) {
    const setup = [`let aBase${j} = min(r0 + ${v}, M - 1u) * ${l.aVec ? '(K / 4u)' : 'K'};`];
    const load = l.aVec ? `a[${ao}aBase${j} + k / 4u]` : `vec4f(${range(4).map((t) => keep(t, `a[${ao}aBase${j} + ${kAt(t)}]`)).join(', ')})`;
    return { setup, load };
  }
  if (l.aVec) {
    const setup = [`let aCol${j} = min(r0 / 4u + (${v} & 1u), M / 4u - 1u);`, `let aRow${j} = ${v} >> 1u;`];
    const load = tail
      ? `select(vec4f(0.0), a[${ao}min(k + aRow${j}, K - 1u) * (M / 4u) + aCol${j}], k + aRow${j} < K)`
      : `a[${ao}(k + aRow${j}) * (M / 4u) + aCol${j}]`;
    return { setup, load };
  }
  return { setup: [`let aCol${j} = min(r0 + ${v}, M - 1u);`], load: `vec4f(${range(4).map((t) => keep(t, `a[${ao}${kAt(t)} * M + aCol${j}]`)).join(', ')})` };
}

/** WGSL that makes vector v of the 8 available to every lane of the cluster, from the lanes' shares av{j}. */
function share(member: RegisterMember, v: number): string {
  const cluster = clusterOf[member], j = Math.floor(v / cluster), from = v % cluster;
  switch (member) {
    case 'registers': return `av${v}`;
    case 'quad': return `quadBroadcast(av${j}, ${from}u)`;
    case 'subgroup8': return `subgroupBroadcast(av${j}, ${from}u)`;
    case 'shuffle8': return `subgroupShuffle(av${j}, clusterBase + ${from}u)`;
  }
}

/** Per-lane setup before the k loop: clamped base indices of what this lane loads. */
function setup(s: MatmulShape, l: Layout, member: RegisterMember): string {
  const cluster = clusterOf[member];
  const lines = range(ROWS / cluster).flatMap((j) => aLoad(s, l, j, cluster, false).setup);
  if (member === 'shuffle8') lines.push('let clusterBase = lane & ~7u;');
  if (!s.transB) {
    if (l.bVec) lines.push('let bCol = min(c0 / 4u, N / 4u - 1u);');
    else for (const j of range(COLS)) lines.push(`let bCol${j} = min(c0 + ${j}u, N - 1u);`);
  } else {
    for (const j of range(COLS)) lines.push(`let bRow${j} = min(c0 + ${j}u, N - 1u) * ${l.bVec ? '(K / 4u)' : 'K'};`);
  }
  return lines.join('\n  ');
}

/** One step of 4 in k starting at `k`. `tail`: some of k..k+3 are >= K (indices clamped, A zeroed there). */
function step(s: MatmulShape, l: Layout, member: RegisterMember, tail: boolean): string {
  const cluster = clusterOf[member];
  const kAt = (t: number) => (tail ? `min(k + ${t}u, K - 1u)` : `(k + ${t}u)`);
  const out = range(ROWS / cluster).map((j) => `let av${j} = ${aLoad(s, l, j, cluster, tail).load};`);
  for (const v of range(ROWS)) if (member !== 'registers') out.push(`let s${v} = ${share(member, v)};`);
  const vec = (v: number) => (member === 'registers' ? `av${v}` : `s${v}`);
  // aVal(i, kk): op(A)[r0 + i, k + kk] among the 8 shared vectors.
  const kMajor = !!s.transA && l.aVec;
  const aVal = (i: number, kk: number) => (kMajor ? `${vec(2 * kk + (i >> 2))}[${i & 3}]` : `${vec(i)}[${kk}]`);
  const bo = offsetOf(s, 'b');
  if (s.transB && l.bVec) for (const j of range(COLS)) out.push(`let v${j} = ${bRead(s, true, `${bo}bRow${j} + k / 4u`)};`);
  for (const kk of range(4)) {
    let bv: string;
    if (!s.transB) {
      bv = l.bVec ? bRead(s, true, `${bo}${kAt(kk)} * (N / 4u) + bCol`) : `vec4f(${range(COLS).map((j) => bRead(s, false, `${bo}${kAt(kk)} * N + bCol${j}`)).join(', ')})`;
    } else {
      bv = l.bVec ? `vec4f(v0[${kk}], v1[${kk}], v2[${kk}], v3[${kk}])` : `vec4f(${range(COLS).map((j) => bRead(s, false, `${bo}bRow${j} + ${kAt(kk)}`)).join(', ')})`;
    }
    out.push(`let b${kk} = ${bv};`);
    for (const i of range(ROWS)) out.push(`acc${i} = fma(vec4f(${aVal(i, kk)}), b${kk}, acc${i});`);
  }
  return out.join('\n    ');
}

function store(s: MatmulShape, l: Layout): string {
  const out: string[] = [];
  const co = offsetOf(s, 'c');
  for (const i of range(ROWS)) {
    if (l.cVec) {
      const value = s.accumulate ? `c[at] + acc${i}` : `acc${i}`;
      out.push(`if (r0 + ${i}u < M && c0 < N) { let at = ${co}(r0 + ${i}u) * (N / 4u) + c0 / 4u; c[at] = ${value}; }`);
    } else {
      const cols = range(COLS).map((j) => {
        const value = s.accumulate ? `c[at + ${j}u] + acc${i}[${j}]` : `acc${i}[${j}]`;
        return `if (c0 + ${j}u < N) { c[at + ${j}u] = ${value}; }`;
      });
      out.push(`if (r0 + ${i}u < M) { let at = ${co}(r0 + ${i}u) * N + c0; ${cols.join(' ')} }`);
    }
  }
  return out.join('\n  ');
}

/** The plan of one member at workgroup (wx, 1); wx must be a multiple of the member's cluster. */
export function registerMatmulPlan(s: KernelShape, member: RegisterMember, wx: number): MatmulPlan {
  const l = layoutOf(s);
  const cluster = clusterOf[member];
  if (wx % cluster !== 0) throw new Error(`${member} matmul: workgroup x ${wx} is not a multiple of its cluster ${cluster}`);
  const subgroups = member !== 'registers';
  const batch = batchLoop(s, { a: l.aVec, b: l.bVec, c: l.cVec });
  const k = kRange(s);
  const code = /* wgsl */ `${subgroups ? 'enable subgroups;' : ''}
${matmulBindings(s, l.aVec, l.bVec, l.cVec)}
@compute @workgroup_size(${wx}, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u${subgroups ? ', @builtin(subgroup_invocation_id) lane: u32' : ''}) {
  ${dimsLets(s)}
  let r0 = wg.y * ${ROWS}u;  // this workgroup's 8 rows of C
  let c0 = (wg.x * ${wx}u + lid.x) * ${COLS}u;  // this lane's 4 columns
  ${setup(s, l, member)}
  ${range(ROWS).map((i) => `var acc${i} = vec4f(0.0);`).join(' ')}
  ${batch.open}
  for (var k = ${k.lo}; k < ${k.hi} / 4u * 4u; k += 4u) {
    ${step(s, l, member, false)}
  }${l.kTail ? `
  if (${k.hi} % 4u != 0u) {
    let k = ${k.hi} / 4u * 4u;
    ${step(s, l, member, true)}
  }` : ''}
  ${batch.close}
  ${store(s, l)}
}`;
  const vecs = `${l.aVec ? 'v' : 's'}${l.bVec ? 'v' : 's'}${l.cVec ? 'v' : 's'}`;
  const label = `matmul ${member} ${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}${s.accumulate ? '+' : ''}${batchLabel(s)} ${vecs} ${wx}x1`;
  return { label, code, workgroups: [Math.ceil(s.N / (wx * COLS)), Math.ceil(s.M / ROWS), gridZ(s)] };
}
