// Colors for canvases and charts: CSS variables resolved to concrete colors, a sequential scale for attention
// probabilities, a categorical palette for offsets d, and dash patterns that tell runs of one method apart.

export type Rgb = readonly [number, number, number];

/** '#rrggbb' or '#rgb' to [r, g, b]; null for anything else. */
export function parseHex(hex: string): Rgb | null {
  const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) return null;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join('') : m[1];
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

export function rgbString([r, g, b]: Rgb, alpha = 1): string {
  return alpha >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** 'var(--mutor)' to the variable's value on :root (canvases cannot read CSS variables); other colors as given. */
export function resolveColor(color: string, root: Element | null = typeof document === 'undefined' ? null : document.documentElement): string {
  const m = /^var\((--[\w-]+)\)$/.exec(color.trim());
  if (!m) return color;
  const value = root ? getComputedStyle(root).getPropertyValue(m[1]).trim() : '';
  return value || '#64748b';
}

/** Sequential scale for probabilities: white, pale indigo, indigo, deep indigo. */
const HEAT_STOPS: readonly Rgb[] = [
  [255, 255, 255],
  [199, 210, 254],
  [99, 102, 241],
  [49, 46, 129],
];

/**
 * The color of a value t in [0, 1] (clamped) on the sequential scale, after a power `gamma` (< 1 lifts small
 * values, so faint attention stays visible).
 */
export function heatColor(t: number, gamma = 0.5): Rgb {
  const x = Math.pow(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)), gamma) * (HEAT_STOPS.length - 1);
  const i = Math.min(HEAT_STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = HEAT_STOPS[i], b = HEAT_STOPS[i + 1];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as unknown as Rgb;
}

/** Text color that reads on top of `bg` (dark ink on light cells, white on dark ones). */
export function inkOn([r, g, b]: Rgb): string {
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return luminance > 0.55 ? '#1b1f2a' : '#ffffff';
}

/** Distinct, colorblind-friendlier hues for offsets d = 1, 2, ... (cycled past 8). */
const OFFSET_PALETTE = ['#0072b2', '#d55e00', '#009e73', '#cc79a7', '#e69f00', '#56b4e9', '#6b4c9a', '#8c8c8c'];

export function offsetColor(d: number): string {
  return OFFSET_PALETTE[(((d - 1) % OFFSET_PALETTE.length) + OFFSET_PALETTE.length) % OFFSET_PALETTE.length];
}

/** Line dash for the n-th run (0-based) of one method: solid, dashed, dotted, dash-dot. */
export function dashFor(ordinal: number): number[] {
  const dashes = [[], [7, 4], [2, 3], [9, 3, 2, 3]];
  return dashes[ordinal % dashes.length];
}

/** For each run (in order), how many runs of the same method came before it. */
export function methodOrdinals(methods: readonly string[]): number[] {
  const seen = new Map<string, number>();
  return methods.map((m) => {
    const n = seen.get(m) ?? 0;
    seen.set(m, n + 1);
    return n;
  });
}

/** Saturated kind colors for thin strips along heatmap axes (the chips' pastel fills vanish at 7px). */
export const kindStripColors: Readonly<Record<string, string>> = {
  prompt: '#818cf8',
  answer: '#34d399',
  register: '#db2777',
  pad: '#cbd5e1',
};
