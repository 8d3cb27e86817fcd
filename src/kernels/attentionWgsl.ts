// WGSL pieces shared by the attention kernels (attentionForwardWgsl.ts, attentionBackwardWgsl.ts).
//
// Every kernel works on one (example b, head h) per workgroup row and LANES lanes per workgroup; a lane owns one
// token (a query, or a key for dk/dv) and walks the other side in tiles of TILE tokens. A tile's rows reach the
// lanes in one of two ways (the plan's variant):
//   subgroup  lane l loads member (l % TILE) of the tile with vec4 loads and the subgroup broadcasts members
//             0..TILE-1 to everyone: one row load per lane per tile instead of TILE (lavapipe splits every
//             storage load into per-lane scalar loads; subgroupBroadcast is the cheap way to share). TILE must not
//             exceed the subgroup size.
//   direct    every lane loads every member itself (adapters without subgroups).
// Tile bounds come from kinds, indices and promptLen only, so which tiles run never depends on values; inside a
// tile, a masked pair gets probability exactly 0 (select), and pad members are read as 0, so a value a lane may not
// see never changes its results (pads not even when they hold NaN). The mask is never materialized.
// Loops over a head's vec4s are unrolled in the generated code (eachVec4), so the head's rows (arrays of HD4 vec4s)
// are indexed by constants only: SwiftShader keeps dynamically indexed private arrays in memory, and unrolled, the
// forward and backward of the default model ran 4.9× faster there (263 -> 53 ms, B 32 × T 64, 4 heads of 16; 4.8×
// at T 128, heads of 32); lavapipe's compiler unrolls them anyway (the same time either way).
export type AttentionVariant = 'subgroup' | 'direct';

export interface AttentionPlan {
  T: number;
  nHeads: number;
  headDim: number;
  variant: AttentionVariant;
  /** Invocations per workgroup (tokens of one example and head). */
  lanes: number;
  /** Tokens per tile of the inner loop. */
  tile: number;
}

const range = (n: number) => [...Array(n).keys()];

/** `body` once for each vec4 of a head (index < HD4), unrolled: each copy in a block of its own with `index` a
 * constant (also the KV cache's decode attention, kvCache.ts). */
export function eachVec4(p: { headDim: number }, body: string, index = 'i'): string {
  return range(p.headDim / 4).map((i) => `{ let ${index} = ${i}u;${body}}`).join(' ');
}

/** `body(j)` for each member j of a tile, unrolled (subgroupBroadcast wants a constant lane). */
export function unroll(p: AttentionPlan, body: (j: number) => string): string {
  return range(p.tile).map(body).join('\n');
}

/** max(first, s0, s1, ...) over the tile's scores. */
export function tileMax(p: AttentionPlan, first: string): string {
  return range(p.tile).reduce((acc, j) => `max(${acc}, s${j})`, first);
}

export function header(p: AttentionPlan): string {
  const subgroups = p.variant === 'subgroup' ? 'enable subgroups;\ndiagnostic(off, subgroup_uniformity);\n' : '';
  return /* wgsl */ `${subgroups}
const T = ${p.T}u;
const NH = ${p.nHeads}u;
const HD4 = ${p.headDim / 4}u;   // head width in vec4s
const C4 = NH * HD4;             // row width in vec4s
const LANES = ${p.lanes}u;
const TILE = ${p.tile}u;
const SCALE: f32 = ${1 / Math.sqrt(p.headDim)};
const NEG: f32 = -3.0e38;
const PAD = 0u;
const PROMPT = 1u;
const ANSWER = 2u;
const REGISTER = 3u;

// canAttend (src/model/batch.ts) for query (kind kq, index iq) and key (kind kk, index ik) of one sequence.
fn visible(kq: u32, iq: u32, kk: u32, ik: u32) -> bool {
  let regularKey = kk == PROMPT || kk == ANSWER;
  return (kq == PROMPT && kk == PROMPT) || (kq == ANSWER && regularKey && ik <= iq) || (kq == REGISTER && (ik == iq || (regularKey && ik < iq)));
}

// One past the last key a query can see (prompt tokens fill [0, promptLen)).
fn keyEnd(kq: u32, iq: u32, promptLength: u32) -> u32 {
  if (kq == PAD) { return 0u; }
  if (kq == PROMPT) { return min(promptLength, T); }
  return iq + 1u;
}

// Token i of example b: its kind (pad past the end), the first vec4 of head h in its row, its per-head scalar.
fn kindAt(b: u32, i: u32) -> u32 { return select(PAD, kinds[b * T + min(i, T - 1u)], i < T); }
fn rowAt(b: u32, i: u32, h: u32) -> u32 { return (b * T + min(i, T - 1u)) * C4 + h * HD4; }
fn statAt(b: u32, h: u32, i: u32) -> u32 { return (b * NH + h) * T + min(i, T - 1u); }
`;
}

export function entry(p: AttentionPlan): string {
  const lane = p.variant === 'subgroup' ? ', @builtin(subgroup_invocation_id) lane: u32' : '';
  return `@compute @workgroup_size(${p.lanes})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_index) li: u32${lane})`;
}

/** Keys past this are masked for every query lane sharing tiles with this one: the subgroup's largest keyEnd, or in
 * the direct variant the workgroup's bound max(last query + 1, promptLen). Needs b, iq, kq. */
export function blockKeyEnd(p: AttentionPlan): string {
  return p.variant === 'subgroup' ? 'subgroupMax(keyEnd(kq, iq, promptLen[b]))' : 'min(T, max(min(wg.x * LANES + LANES, T), promptLen[b]))';
}

/** A query lane (forward, dq, probabilities): index iq, kind kq, row qRow, key bound kEnd, scaled query qs.
 * Needs b and h. */
export function queryLane(p: AttentionPlan): string {
  return /* wgsl */ `
  let iq = wg.x * LANES + li;
  let kq = kindAt(b, iq);
  let qRow = rowAt(b, iq, h);
  let kEnd = ${blockKeyEnd(p)};
  var qs: array<vec4f, HD4>;   // scaled query
  ${eachVec4(p, ` qs[i] = q[qRow + i] * SCALE; `)}`;
}

/** One thing a tile member carries: a per-token scalar, or the head's row of a [B*T, C] buffer. */
export interface Field {
  name: string;
  row: boolean;
  /** WGSL for the value (scalar) or for vec4 `i` of the row (row) of the tile member at index expression idx. */
  load: (idx: string) => string;
}

export const scalarField = (name: string, load: (idx: string) => string): Field => ({ name, row: false, load });
export const rowField = (name: string, buffer: string): Field => ({ name, row: true, load: (idx) => `${buffer}[rowAt(b, ${idx}, h) + i]` });

/** `value` where the member is a real token, 0 for pads: whatever a pad row holds (NaN included) never reaches
 * a sum, and masked real tokens contribute exactly 0·value. */
const unlessPad = (f: Field, value: string, real: string) => `select(${f.row ? 'vec4f()' : '0.0'}, ${value}, ${real})`;

/** Top of a tile starting at `start`: the subgroup variant's member index for this lane and its kind. */
export function tileStart(p: AttentionPlan, start: string): string {
  if (p.variant !== 'subgroup') return '';
  return `let own = ${start} + lane % TILE;\n    let kindOwn = kindAt(b, own);`;
}

/** After tileStart: the subgroup variant loads this lane's member of the tile (`${name}Own`). */
export function loadOwn(p: AttentionPlan, fields: Field[]): string {
  if (p.variant !== 'subgroup') return '';
  const lines: string[] = [];
  for (const f of fields) {
    const value = unlessPad(f, f.load('own'), 'kindOwn != PAD');
    if (f.row) lines.push(`var ${f.name}Own: array<vec4f, HD4>;`, eachVec4(p, ` ${f.name}Own[i] = ${value}; `));
    else lines.push(`let ${f.name}Own = ${value};`);
  }
  return lines.join('\n    ');
}

/** The kind of member j of the tile, `kind${j}`. */
export function memberKind(p: AttentionPlan, start: string, j: number): string {
  return p.variant === 'subgroup' ? `let kind${j} = subgroupBroadcast(kindOwn, ${j}u);` : `let kind${j} = kindAt(b, ${start} + ${j}u);`;
}

/** Member j of the tile as `${name}${j}` (arrays of HD4 vec4s for rows): broadcast from lane j, or loaded.
 * Needs `kind${j}` (memberKind) in scope. */
export function member(p: AttentionPlan, start: string, j: number, fields: Field[]): string {
  const lines: string[] = [];
  for (const f of fields) {
    const value = p.variant === 'subgroup'
      ? (f.row ? `subgroupBroadcast(${f.name}Own[i], ${j}u)` : `subgroupBroadcast(${f.name}Own, ${j}u)`)
      : unlessPad(f, f.load(`${start} + ${j}u`), `kind${j} != PAD`);
    if (f.row) lines.push(`var ${f.name}${j}: array<vec4f, HD4>;`, eachVec4(p, ` ${f.name}${j}[i] = ${value}; `));
    else lines.push(`let ${f.name}${j} = ${value};`);
  }
  return lines.join('\n      ');
}
