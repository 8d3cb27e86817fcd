// The fast matmul for CPU rasterizers with 8-wide subgroups (Mesa lavapipe): no workgroup memory, values shared
// through subgroupBroadcast. See shared/WEBGPU-ON-CPU.md for why this shape wins there.
//   C[M,N] (+)= op(A)[M,K] · op(B)[K,N]
// Each invocation owns 8 rows × 4 adjacent columns of C in eight vec4f accumulators. The 8 lanes of a subgroup
// share their rows (the workgroup's x extent is a multiple of 8, so a subgroup never spans two y values) and sit
// side by side in columns. Per step of 4 in k, lane l loads one vec4f of op(A) (row l's 4 k values, or with Aᵀ a
// 4-row strip of column block l/2), the subgroup broadcasts the 8 vectors, and each lane loads op(B)'s 4×4 block
// for its columns and does 32 vec4 FMAs. Loads are vec4 where the stored row length is a multiple of 4, scalar
// otherwise; rows and columns past the edge load clamped indices and are computed but never stored; a K that is
// not a multiple of 4 ends with one guarded step that zeroes A past K.
import { DIMS_LETS, matmulBindings, type MatmulPlan, type MatmulShape } from './matmulShape';

const LANES = 8;
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

/** Per-lane setup before the k loop: clamped base indices of what this lane loads. */
function setup(s: MatmulShape, l: Layout): string {
  const lines: string[] = [];
  if (!s.transA) {
    lines.push(l.aVec ? 'let aBase = min(r0 + lane, M - 1u) * (K / 4u);' : 'let aBase = min(r0 + lane, M - 1u) * K;');
  } else if (l.aVec) {
    // lane l loads A[k + l/2, r0 + 4(l%2) .. +3]: together the 4 k values of all 8 rows.
    lines.push('let aCol = min(r0 / 4u + (lane & 1u), M / 4u - 1u);', 'let aRow = lane >> 1u;');
  } else {
    lines.push('let aCol = min(r0 + lane, M - 1u);');
  }
  if (!s.transB) {
    if (l.bVec) lines.push('let bCol = min(c0 / 4u, N / 4u - 1u);');
    else for (const j of range(COLS)) lines.push(`let bCol${j} = min(c0 + ${j}u, N - 1u);`);
  } else {
    for (const j of range(COLS)) lines.push(`let bRow${j} = min(c0 + ${j}u, N - 1u) * ${l.bVec ? '(K / 4u)' : 'K'};`);
  }
  return lines.join('\n  ');
}

/** One step of 4 in k starting at `k`. `tail`: some of k..k+3 are >= K (indices clamped, A zeroed there). */
function step(s: MatmulShape, l: Layout, tail: boolean): string {
  const kAt = (t: number) => (tail ? `min(k + ${t}u, K - 1u)` : `(k + ${t}u)`);
  const keep = (t: number, v: string) => (tail ? `select(0.0, ${v}, k + ${t}u < K)` : v);
  const out: string[] = [];
  // av: what this lane contributes to the broadcast.
  if (!s.transA) {
    out.push(l.aVec ? 'let av = a[aBase + k / 4u];' : `let av = vec4f(${range(4).map((t) => keep(t, `a[aBase + ${kAt(t)}]`)).join(', ')});`);
  } else if (l.aVec) {
    out.push(tail
      ? 'let av = select(vec4f(0.0), a[min(k + aRow, K - 1u) * (M / 4u) + aCol], k + aRow < K);'
      : 'let av = a[(k + aRow) * (M / 4u) + aCol];');
  } else {
    out.push(`let av = vec4f(${range(4).map((t) => keep(t, `a[${kAt(t)} * M + aCol]`)).join(', ')});`);
  }
  for (const i of range(LANES)) out.push(`let s${i} = subgroupBroadcast(av, ${i}u);`);
  // aVal(i, kk): op(A)[r0 + i, k + kk] among the broadcast vectors.
  const kMajor = !!s.transA && l.aVec;
  const aVal = (i: number, kk: number) => (kMajor ? `s${2 * kk + (i >> 2)}[${i & 3}]` : `s${i}[${kk}]`);
  if (s.transB && l.bVec) for (const j of range(COLS)) out.push(`let v${j} = b[bRow${j} + k / 4u];`);
  for (const kk of range(4)) {
    let bv: string;
    if (!s.transB) {
      bv = l.bVec ? `b[${kAt(kk)} * (N / 4u) + bCol]` : `vec4f(${range(COLS).map((j) => `b[${kAt(kk)} * N + bCol${j}]`).join(', ')})`;
    } else {
      bv = l.bVec ? `vec4f(v0[${kk}], v1[${kk}], v2[${kk}], v3[${kk}])` : `vec4f(${range(COLS).map((j) => `b[bRow${j} + ${kAt(kk)}]`).join(', ')})`;
    }
    out.push(`let b${kk} = ${bv};`);
    for (const i of range(ROWS)) out.push(`acc${i} = fma(vec4f(${aVal(i, kk)}), b${kk}, acc${i});`);
  }
  return out.join('\n    ');
}

function store(s: MatmulShape, l: Layout): string {
  const out: string[] = [];
  for (const i of range(ROWS)) {
    if (l.cVec) {
      const value = s.accumulate ? `c[at] + acc${i}` : `acc${i}`;
      out.push(`if (r0 + ${i}u < M && c0 < N) { let at = (r0 + ${i}u) * (N / 4u) + c0 / 4u; c[at] = ${value}; }`);
    } else {
      const cols = range(COLS).map((j) => {
        const value = s.accumulate ? `c[at + ${j}u] + acc${i}[${j}]` : `acc${i}[${j}]`;
        return `if (c0 + ${j}u < N) { c[at + ${j}u] = ${value}; }`;
      });
      out.push(`if (r0 + ${i}u < M) { let at = (r0 + ${i}u) * N + c0; ${cols.join(' ')} }`);
    }
  }
  return out.join('\n  ');
}

/** Workgroup (wx, 1): one or two subgroups side by side in columns, whichever wastes fewer columns past N (tie:
 * two). Measured on lavapipe (2 cores): small workgroups beat 64-wide ones on the transformer's shapes (up to 3× on
 * dW = Xᵀ·dY, where few large workgroups leave a core idle) and match them on 512³; wider ones only add waste. */
export function subgroupWorkgroup(s: MatmulShape): [number, number] {
  const waste = (wx: number) => Math.ceil(s.N / (wx * COLS)) * wx * COLS - s.N;
  return [waste(2 * LANES) <= waste(LANES) ? 2 * LANES : LANES, 1];
}

export function subgroupMatmulPlan(s: MatmulShape, workgroup = subgroupWorkgroup(s)): MatmulPlan {
  const l = layoutOf(s);
  const [wx, wy] = workgroup;
  if (wx % LANES !== 0) throw new Error(`subgroup matmul: workgroup x ${wx} is not a multiple of ${LANES}`);
  const code = /* wgsl */ `enable subgroups;
${matmulBindings(l.aVec ? 'vec4f' : 'f32', l.bVec ? 'vec4f' : 'f32', l.cVec ? 'vec4f' : 'f32')}
@compute @workgroup_size(${wx}, ${wy})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u, @builtin(subgroup_invocation_id) lane: u32) {
  ${DIMS_LETS}
  let r0 = (wg.y * ${wy}u + lid.y) * ${ROWS}u;  // this subgroup's 8 rows of C
  let c0 = (wg.x * ${wx}u + lid.x) * ${COLS}u;  // this lane's 4 columns
  ${setup(s, l)}
  ${range(ROWS).map((i) => `var acc${i} = vec4f(0.0);`).join(' ')}
  for (var k = 0u; k < K / 4u * 4u; k += 4u) {
    ${step(s, l, false)}
  }${l.kTail ? `
  if (K % 4u != 0u) {
    let k = K / 4u * 4u;
    ${step(s, l, true)}
  }` : ''}
  ${store(s, l)}
}`;
  const vecs = `${l.aVec ? 'v' : 's'}${l.bVec ? 'v' : 's'}${l.cVec ? 'v' : 's'}`;
  const label = `matmul subgroup8 ${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'}${s.accumulate ? '+' : ''} ${vecs} ${wx}x${wy}`;
  return { label, code, workgroups: [Math.ceil(s.N / (wx * COLS)), Math.ceil(s.M / (ROWS * wy)), 1] };
}
