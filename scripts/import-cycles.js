// Import cycles among the modules of src/ (issue 13): every relative import, `import type` included, is an edge, and
// every strongly connected component of two or more modules (or a module importing itself) is a cycle to break.
// Tests (*.test.ts) are left out: nothing imports them. Run by `npm run lint`; exits 1 naming each cycle.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = /\.(ts|tsx)$/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** The relative module specifiers `code` imports or re-exports (static, type-only, side-effect-only or dynamic). */
export function importSpecifiers(code) {
  return [...code.matchAll(IMPORT)].map((m) => m[1] ?? m[2]);
}

/** Every module under `dir` (tests left out) and the modules it imports, as repository-relative paths. */
export function importGraph(dir = path.join(ROOT, 'src')) {
  const files = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (SOURCE.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(dir);
  const known = new Set(files);
  const resolve = (from, spec) => {
    const base = path.resolve(path.dirname(from), spec);
    return ['', '.ts', '.tsx', '/index.ts', '/index.tsx'].map((ext) => base + ext).find((p) => known.has(p));
  };
  const graph = new Map();
  for (const f of files) {
    const targets = importSpecifiers(readFileSync(f, 'utf8')).map((s) => resolve(f, s)).filter((t) => t !== undefined);
    graph.set(path.relative(ROOT, f), [...new Set(targets.map((t) => path.relative(ROOT, t)))]);
  }
  return graph;
}

/** The cycles of `graph` (module -> modules it imports): each strongly connected component that loops, sorted. */
export function findCycles(graph) {
  // Tarjan's algorithm, iterative so that a long import chain cannot overflow the stack.
  const index = new Map(), low = new Map(), onStack = new Set(), stack = [], cycles = [];
  let next = 0;
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
  };
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work = [[start, 0]];
    visit(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const edges = graph.get(v) ?? [];
      if (i < edges.length) {
        frame[1]++;
        const w = edges[i];
        if (!index.has(w)) {
          visit(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) !== index.get(v)) continue;
      const component = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  }
  return cycles.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

if (process.argv[1] === import.meta.filename) {
  const cycles = findCycles(importGraph());
  for (const c of cycles) console.error(`import cycle: ${c.join(' <-> ')}`);
  if (cycles.length > 0) {
    console.error(`${cycles.length} import cycle(s) in src/: move the shared part into a module both can import (scripts/import-cycles.js)`);
    process.exit(1);
  }
}
