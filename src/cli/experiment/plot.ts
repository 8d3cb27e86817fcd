// The curves of an experiment as one standalone SVG (pure string building, no DOM): training loss (log scale) and
// held-out exact-match accuracy against step, one color per method, each seed a thin line, the seed mean bold.
import { METHOD_KINDS, methodOf, type MethodKind } from '../../methods/registry';

export interface CurveRun {
  method: MethodKind;
  seed: number;
  loss: { step: number; value: number }[];
  accuracy: { step: number; value: number }[];
}

export interface PlotOptions {
  title: string;
  /** Label of the accuracy panel, e.g. 'test exact match' or 'validation exact match'. */
  accuracyLabel?: string;
  /** Label of the loss panel. */
  lossLabel?: string;
  width?: number;
  height?: number;
}


type Pt = { step: number; value: number };

/** Mean over runs at the steps every run has (runs of one experiment share their metric steps). */
export function meanCurve(curves: Pt[][]): Pt[] {
  if (curves.length === 0) return [];
  const maps = curves.map((c) => new Map(c.map((p) => [p.step, p.value])));
  return curves[0]
    .map((p) => p.step)
    .filter((s) => maps.every((m) => m.has(s)))
    .map((step) => ({ step, value: maps.reduce((acc, m) => acc + (m.get(step) as number), 0) / maps.length }));
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const num = (x: number) => (Math.round(x * 100) / 100).toString();

/** 1-2-5 ticks between lo and hi on a log axis; denser mantissas when that leaves fewer than three. */
export function logTicks(lo: number, hi: number): number[] {
  for (const mantissas of [[1, 2, 5], [1, 1.5, 2, 3, 4, 5, 6, 7, 8]]) {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(3));
        if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
      }
    }
    if (out.length >= 3 || (out.length === 2 && mantissas.length > 3)) return out;
  }
  return [lo, hi];
}

function linearTicks(lo: number, hi: number, n: number): number[] {
  const raw = (hi - lo) / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
  return out;
}

const fmtTick = (v: number) => (Math.abs(v) >= 1000 ? `${v / 1000}k` : Number(v.toPrecision(3)).toString());

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
}

function polyline(points: Pt[], sx: (s: number) => number, sy: (v: number) => number, color: string, width: number, opacity: number): string {
  if (points.length === 0) return '';
  const d = points.map((p) => `${num(sx(p.step))},${num(sy(p.value))}`).join(' ');
  if (points.length === 1) {
    return `<circle cx="${num(sx(points[0].step))}" cy="${num(sy(points[0].value))}" r="${width + 1}" fill="${color}" fill-opacity="${opacity}"/>`;
  }
  return `<polyline points="${d}" fill="none" stroke="${color}" stroke-width="${width}" stroke-opacity="${opacity}" stroke-linejoin="round"/>`;
}

function drawPanel(
  out: string[], p: Panel, title: string, runs: CurveRun[], methods: MethodKind[], pick: (r: CurveRun) => Pt[], log: boolean, fixed?: [number, number],
): void {
  const all = runs.flatMap(pick).filter((q) => Number.isFinite(q.value) && (!log || q.value > 0));
  const maxStep = Math.max(1, ...runs.flatMap(pick).map((q) => q.step));
  let lo: number, hi: number;
  if (fixed) [lo, hi] = fixed;
  else if (all.length === 0) [lo, hi] = log ? [0.1, 10] : [0, 1];
  else {
    lo = Math.min(...all.map((q) => q.value));
    hi = Math.max(...all.map((q) => q.value));
    if (log) {
      lo = 10 ** (Math.floor(Math.log10(lo) * 5) / 5);
      hi = 10 ** (Math.ceil(Math.log10(hi) * 5) / 5);
    }
    if (hi <= lo) hi = lo + 1;
  }
  const sx = (s: number) => p.x + (s / maxStep) * p.w;
  const sy = log
    ? (v: number) => p.y + p.h - ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * p.h
    : (v: number) => p.y + p.h - ((v - lo) / (hi - lo)) * p.h;
  out.push(`<text x="${p.x}" y="${p.y - 10}" font-size="14" font-weight="600">${esc(title)}</text>`);
  out.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" fill="none" stroke="#999"/>`);
  for (const t of log ? logTicks(lo, hi) : linearTicks(lo, hi, 5)) {
    const y = num(sy(t));
    out.push(`<line x1="${p.x}" x2="${p.x + p.w}" y1="${y}" y2="${y}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${p.x - 6}" y="${y}" font-size="12" text-anchor="end" dominant-baseline="middle">${fmtTick(t)}</text>`);
  }
  for (const t of linearTicks(0, maxStep, 5)) {
    const x = num(sx(t));
    out.push(`<line x1="${x}" x2="${x}" y1="${p.y + p.h}" y2="${p.y + p.h + 4}" stroke="#999"/>`);
    out.push(`<text x="${x}" y="${p.y + p.h + 18}" font-size="12" text-anchor="middle">${fmtTick(t)}</text>`);
  }
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y + p.h + 36}" font-size="12" text-anchor="middle">step</text>`);
  out.push(`<g clip-path="url(#clip-${p.x})">`);
  for (const m of methods) {
    const rs = runs.filter((r) => r.method === m);
    const curves = rs.map((r) => pick(r).filter((q) => Number.isFinite(q.value)));
    if (rs.length > 1) for (const c of curves) out.push(polyline(c, sx, sy, methodOf(m).plotColor, 1, 0.45));
    out.push(polyline(meanCurve(curves), sx, sy, methodOf(m).plotColor, 2.75, 1));
  }
  out.push('</g>');
  out.push(`<clipPath id="clip-${p.x}"><rect x="${p.x}" y="${p.y - 3}" width="${p.w + 3}" height="${p.h + 6}"/></clipPath>`);
}

export function curvesSvg(runs: CurveRun[], o: PlotOptions): string {
  const W = o.width ?? 960, H = o.height ?? 420;
  const methods = METHOD_KINDS.filter((m) => runs.some((r) => r.method === m));
  const seeds = [...new Set(runs.map((r) => r.seed))].sort((a, b) => a - b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" fill="#222">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="24" font-size="16" font-weight="700" text-anchor="middle">${esc(o.title)}</text>`,
  ];
  const top = 70, bottom = 70, gap = 90, left = 60;
  const pw = (W - left - gap - 30) / 2, ph = H - top - bottom;
  drawPanel(out, { x: left, y: top, w: pw, h: ph }, o.lossLabel ?? 'training loss (log)', runs, methods, (r) => r.loss, true);
  drawPanel(out, { x: left + pw + gap, y: top, w: pw, h: ph }, o.accuracyLabel ?? 'test exact match', runs, methods, (r) => r.accuracy, false, [0, 1]);
  // Legend: method swatches, then what thin and bold lines mean.
  let lx = left;
  const ly = H - 16;
  for (const m of methods) {
    const n = runs.filter((r) => r.method === m).length;
    out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${methodOf(m).plotColor}" stroke-width="3"/>`);
    const label = `${methodOf(m).label} (${n} run${n === 1 ? '' : 's'})`;
    out.push(`<text x="${lx + 28}" y="${ly}" font-size="12">${esc(label)}</text>`);
    lx += 40 + label.length * 7;
  }
  out.push(`<text x="${W - 20}" y="${ly}" font-size="12" text-anchor="end">thin: one seed each (${esc(seeds.join(', '))}); bold: mean over seeds</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
