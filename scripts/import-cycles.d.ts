// Types of scripts/import-cycles.js for the tests that call it (src/layers.test.ts).
export function importSpecifiers(code: string): string[];
export function importGraph(dir?: string): Map<string, string[]>;
export function findCycles(graph: Map<string, string[]>): string[][];
