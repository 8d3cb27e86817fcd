// Comparing GPU results with a float64 reference: used by the kernel tests (Node) and the page's self-test.

export interface Comparison {
  maxAbs: number;
  /** max |got - want| / max(|want|_inf, tiny): relative to the reference's largest magnitude. */
  maxRel: number;
  worstIndex: number;
  nonFinite: number;
}

export function compare(got: ArrayLike<number>, want: ArrayLike<number>): Comparison {
  if (got.length !== want.length) throw new Error(`length mismatch: got ${got.length}, want ${want.length}`);
  let scale = 0;
  for (let i = 0; i < want.length; i++) scale = Math.max(scale, Math.abs(want[i]));
  let maxAbs = 0, worstIndex = -1, nonFinite = 0;
  for (let i = 0; i < got.length; i++) {
    if (!Number.isFinite(got[i])) { nonFinite++; worstIndex = i; maxAbs = Infinity; continue; }
    const d = Math.abs(got[i] - want[i]);
    if (d > maxAbs) { maxAbs = d; worstIndex = i; }
  }
  return { maxAbs, maxRel: maxAbs / Math.max(scale, 1e-30), worstIndex, nonFinite };
}
