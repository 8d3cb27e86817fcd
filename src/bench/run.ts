// Runs producers and formats their rows: JSON (an array of BenchRow) or a Markdown table.
import type { GpuContext } from '../gpu/context';
import type { BenchProducer, BenchRow } from './row';

export function adapterLabel(ctx: GpuContext): string {
  const a = ctx.adapter;
  return [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') || 'unknown adapter';
}

export async function runBenches(ctx: GpuContext, producers: BenchProducer[], host: BenchRow['host']): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const p of producers) {
    for (const r of await p.run(ctx)) {
      rows.push({ group: p.group, ...r, adapter: adapterLabel(ctx), host, date: new Date().toISOString() });
    }
  }
  return rows;
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toPrecision(3));

/** A Markdown table: one line per row; adapter, host and date once above it (they are the same for every row). */
export function formatTable(rows: BenchRow[]): string {
  if (!rows.length) return '(no rows)';
  const { adapter, host, date } = rows[0];
  const hostText = Object.entries(host).map(([k, v]) => `${k} ${v}`).join(', ');
  const lines = [
    `adapter: ${adapter}; host: ${hostText}; ${date}`,
    '',
    '| group | row | value (median) | median ms | best ms | samples | timing | params |',
    '|---|---|---:|---:|---:|---:|---|---|',
  ];
  for (const r of rows) {
    const params = Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join(' ');
    lines.push(`| ${r.group} | ${r.name} | ${fmt(r.value)} ${r.unit} | ${fmt(r.medianMs)} | ${r.minMs === undefined ? '-' : fmt(r.minMs)} | ${r.samples} | ${r.timing} | ${params} |`);
  }
  return lines.join('\n');
}
