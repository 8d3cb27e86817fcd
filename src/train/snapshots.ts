// Snapshots of what a run's model does at one step, kept with the run so that a page without its model (a gallery
// run, a saved run) can show them: the attention of every layer and head on one test example, and what each register
// predicts at every offset d the run trains. Attention is stored compactly: each probability p as one byte,
// round(255 · √p) (the panel draws on a square-root scale too), so a row of a 30-token sequence is 30 bytes.
import type { AttentionSnapshot, HorizonSample } from './metrics';
import type { TokenKindName } from '../model/batch';

/** Every layer and head of one example at one offset d: probs[((layer · nHeads + head) · T + q) · T + k], quantized. */
export interface AttentionGrid {
  d: number;
  example: number;
  nLayers: number;
  nHeads: number;
  tokens: string[];
  kinds: TokenKindName[];
  /** Base64 of nLayers · nHeads · T · T bytes, each round(255 · √p). */
  probs: string;
}

export interface RunSnapshot {
  step: number;
  attention: AttentionGrid;
  /** One sample per offset d the run trains (none for a method without offsets). */
  horizons: (HorizonSample & { d: number })[];
}

/** One byte per probability: round(255 · √p), p clamped to [0, 1]. */
export function quantizeProbs(probs: Float32Array): Uint8Array {
  const out = new Uint8Array(probs.length);
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i];
    if (!(p >= 0)) throw new Error(`attention probability ${p} at ${i} is not a number in [0, 1]`);
    out[i] = Math.round(255 * Math.sqrt(Math.min(1, p)));
  }
  return out;
}

export function dequantizeProbs(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = (bytes[i] / 255) ** 2;
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** The grid of per-(layer, head) snapshots of one example and offset, all of the same tokens. */
export function attentionGrid(d: number, shots: readonly AttentionSnapshot[], nLayers: number, nHeads: number): AttentionGrid {
  const first = shots[0];
  const T = first.tokens.length;
  const all = new Float32Array(nLayers * nHeads * T * T);
  for (const s of shots) {
    if (s.tokens.length !== T) throw new Error(`attention snapshots of one grid have ${T} and ${s.tokens.length} tokens`);
    all.set(s.probs, (s.layer * nHeads + s.head) * T * T);
  }
  return { d, example: first.example, nLayers, nHeads, tokens: first.tokens, kinds: first.kinds, probs: toBase64(quantizeProbs(all)) };
}

/** One layer and head of a grid as the attention panel draws it; null when the grid has no such layer or head. */
export function attentionFromGrid(grid: AttentionGrid, layer: number, head: number): AttentionSnapshot | null {
  if (layer < 0 || layer >= grid.nLayers || head < 0 || head >= grid.nHeads) return null;
  const T = grid.tokens.length;
  const bytes = fromBase64(grid.probs);
  if (bytes.length !== grid.nLayers * grid.nHeads * T * T) throw new Error(`attention grid holds ${bytes.length} values, not ${grid.nLayers}·${grid.nHeads}·${T}·${T}`);
  const at = (layer * grid.nHeads + head) * T * T;
  return { layer, head, example: grid.example, tokens: grid.tokens, kinds: grid.kinds, probs: dequantizeProbs(bytes.subarray(at, at + T * T)) };
}
