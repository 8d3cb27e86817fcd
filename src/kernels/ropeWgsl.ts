// WGSL for the rotary embedding (src/model/config.ts, "rotate half"): one invocation per (token, position
// component, group of G adjacent pairs), looping over the heads, which share the angles.
//
// Angles are exact for any i32 position: each pair's frequency is stored as a 64-bit fixed-point fraction of a
// turn, f = theta^(-2i/W) / 2π ≈ (hi + lo·2^-32)·2^-32, and pos·f mod 1 is computed in wrapping u32 arithmetic
// (|pos|·hi + mulhi(|pos|, lo), negated for pos < 0) to 2^-32 of a turn. sin/cos of the reduced angle are our own
// polynomials on [-π/4, π/4] plus quadrant swaps: WGSL only promises 2^-11 absolute for sin/cos on [-π, π], and
// SwiftShader is that coarse (1.9e-4 measured), while a naive f32 pos·freq is already off by 6e-5 rad at pos 1000.
export interface RopeSection {
  /** First column of the section inside a head, and its width W (pairs (i, i + W/2) for i < W/2). */
  start: number;
  width: number;
}

export interface RopePlan {
  tokens: number;
  nHeads: number;
  headDim: number;
  /** One section per position component: 1D [0, hd); 2D [0, hd/2) with component 0 and [hd/2, hd) with 1. */
  sections: RopeSection[];
  /** Pairs per invocation: 4, 2 or 1, the largest that divides W/2 (vector loads of that width). */
  group: 1 | 2 | 4;
  theta: number;
}

const TWO32 = 4294967296;

/** [hi, lo] words of pair i's frequency in turns per position, as a 64-bit fixed-point fraction. */
export function frequencyWords(theta: number, width: number, i: number): [number, number] {
  const f = Math.pow(theta, (-2 * i) / width) / (2 * Math.PI); // < 1/2π: the integer part is 0
  const scaled = f * TWO32;
  const hi = Math.floor(scaled);
  return [hi, Math.floor((scaled - hi) * TWO32)];
}

function vecType(group: number, scalar: 'f32' | 'u32' | 'i32'): string {
  return group === 1 ? scalar : `vec${group}<${scalar}>`;
}

function constArray(values: number[], group: number): string {
  const ty = vecType(group, 'u32');
  const items: string[] = [];
  for (let i = 0; i < values.length; i += group) items.push(`${ty}(${values.slice(i, i + group).map((x) => `${x}u`).join(', ')})`);
  return `array<${ty}, ${items.length}>(${items.join(', ')})`;
}

/** Sine and cosine of `turns`·2^-32 of a full turn, to about 1e-7 absolute, for any u32. */
const sinCos = /* wgsl */ `
fn mulhi(a: UT, b: UT) -> UT {
  let al = a & UT(0xffffu); let ah = a >> UT(16u); let bl = b & UT(0xffffu); let bh = b >> UT(16u);
  let lh = al * bh; let hl = ah * bl;
  let mid = ((al * bl) >> UT(16u)) + (lh & UT(0xffffu)) + (hl & UT(0xffffu));
  return ah * bh + (lh >> UT(16u)) + (hl >> UT(16u)) + (mid >> UT(16u));
}

// Returns (sin, cos) of the angle in rows 0 and 1.
fn sinCos(turns: UT) -> array<FT, 2> {
  let quadrant = (turns + UT(0x20000000u)) >> UT(30u);             // nearest quarter turn
  let r = bitcast<IT>(turns - (quadrant << UT(30u)));              // remainder in [-2^29, 2^29)
  let x = FT(r) * FT(1.4629180792671596e-9);                       // 2π / 2^32: x in [-π/4, π/4)
  let x2 = x * x;
  let s = x * (FT(1.0) + x2 * (FT(-1.0 / 6.0) + x2 * (FT(1.0 / 120.0) + x2 * (FT(-1.0 / 5040.0) + x2 * FT(1.0 / 362880.0)))));
  let c = FT(1.0) + x2 * (FT(-0.5) + x2 * (FT(1.0 / 24.0) + x2 * (FT(-1.0 / 720.0) + x2 * (FT(1.0 / 40320.0) + x2 * FT(-1.0 / 3628800.0)))));
  let odd = (quadrant & UT(1u)) == UT(1u);
  let sinV = select(s, c, odd);
  let cosV = select(c, s, odd);
  return array<FT, 2>(select(sinV, -sinV, (quadrant & UT(2u)) != UT(0u)), select(cosV, -cosV, ((quadrant + UT(1u)) & UT(2u)) != UT(0u)));
}`;

/**
 * Bindings: x [tokens, nHeads*headDim] (G-vectors), positions [tokens * P] i32, and out unless in place.
 * `sign` +1 rotates forward; -1 applies the inverse (transpose) rotation for the backward pass.
 */
export function ropeWgsl(p: RopePlan, sign: 1 | -1, inPlace: boolean): string {
  const G = p.group, P = p.sections.length;
  const half = p.sections[0].width / 2; // every section has the same width
  const groups = half / G;
  const hi: number[] = [], lo: number[] = [];
  for (let i = 0; i < half; i++) {
    const [h, l] = frequencyWords(p.theta, p.sections[0].width, i);
    hi.push(h);
    lo.push(l);
  }
  const starts = p.sections.map((s) => `${s.start / G}u`).join(', ');
  const outName = inPlace ? 'x' : 'out';
  return /* wgsl */ `
alias FT = ${vecType(G, 'f32')};
alias UT = ${vecType(G, 'u32')};
alias IT = ${vecType(G, 'i32')};
const TOKENS = ${p.tokens}u;
const NH = ${p.nHeads}u;
const HDG = ${p.headDim / G}u;   // head width in G-vectors
const HALFG = ${half / G}u;      // pair offset W/2 in G-vectors
const P = ${P}u;
const GROUPS = ${groups}u;       // invocations per (token, component)
var<private> FREQ_HI: array<UT, ${groups}> = ${constArray(hi, G)};
var<private> FREQ_LO: array<UT, ${groups}> = ${constArray(lo, G)};
var<private> SECTION_START: array<u32, ${P}> = array<u32, ${P}>(${starts});
${sinCos}

@group(0) @binding(0) var<storage, read_write> x: array<FT>;            // [tokens, NH*HDG]
@group(0) @binding(1) var<storage, read_write> positions: array<i32>;   // [tokens * P]
${inPlace ? '' : '@group(0) @binding(2) var<storage, read_write> out: array<FT>;  // [tokens, NH*HDG]'}

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let lane = gid.x;
  let token = lane / (P * GROUPS);
  if (token >= TOKENS) { return; }
  let comp = (lane / GROUPS) % P;
  let g = lane % GROUPS;
  let pos = positions[token * P + comp];
  let mag = select(bitcast<u32>(pos), 0u - bitcast<u32>(pos), pos < 0);
  let m = UT(mag);
  let t = m * FREQ_HI[g] + mulhi(m, FREQ_LO[g]);
  let sc = sinCos(select(t, UT(0u) - t, pos < 0));
  let sn = ${sign < 0 ? '-' : ''}sc[0];
  let cs = sc[1];
  for (var h = 0u; h < NH; h++) {
    let a = (token * NH + h) * HDG + SECTION_START[comp] + g;
    let xa = x[a];
    let xb = x[a + HALFG];
    ${outName}[a] = xa * cs - xb * sn;
    ${outName}[a + HALFG] = xb * cs + xa * sn;
  }
}`;
}
