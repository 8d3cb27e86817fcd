// Prints `mutor bench --json` output as the Markdown tables of BENCHMARKS.md (e.g. rows measured on another machine).
// usage: npx tsx scripts/bench-table.ts rows.json [more.json ...]
import { readFileSync } from 'node:fs';
import { formatTable } from '../src/bench/run';
import type { BenchRow } from '../src/bench/row';

for (const file of process.argv.slice(2)) console.log(formatTable(JSON.parse(readFileSync(file, 'utf8')) as BenchRow[]) + '\n');
