// The layer rule (scripts/eslint-layers.js) on fixtures, through the project's own ESLint config: an import that
// runs up a layer fails, one that runs down passes, tests may import any layer. The import-cycle check
// (scripts/import-cycles.js, run by npm run lint) on fixture graphs and on src/ itself.
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { findCycles, importGraph, importSpecifiers } from '../scripts/import-cycles.js';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

/** The layer rule's messages for `code` linted as if it were the file at `file` (relative to the repo root). */
async function layerMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'layers/no-upward-import').map((m) => m.message);
}

describe('the layer rule', { timeout: 60_000 }, () => {
  it('fails an import from a higher layer, static, re-exported or dynamic', async () => {
    expect(await layerMessages('src/engine/fixture.ts', "import { useRunsStore } from '../state/runsStore';\nexport { useRunsStore };\n"))
      .toEqual([expect.stringMatching(/^engine \(layer 4\) imports state \(layer 8\)/)]);
    expect(await layerMessages('src/methods/ntp/fixture.ts', "export { generate } from '../../train/generate';\n")).toHaveLength(1);
    expect(await layerMessages('src/model/fixture.ts', "export const load = () => import('../engine/trainingEngine');\n")).toHaveLength(1);
  });

  it('passes imports from its own and lower layers, and any import in a test', async () => {
    expect(await layerMessages('src/train/fixture.ts', "import { methodOf } from '../methods/registry';\nimport { tasks } from '../tasks';\nexport { methodOf, tasks };\n")).toEqual([]);
    expect(await layerMessages('src/methods/fixture.test.ts', "import { App } from '../ui/App';\nexport { App };\n")).toEqual([]);
  });

  it('fails a file in a folder the table does not know', async () => {
    expect(await layerMessages('src/plugins/fixture.ts', 'export const x = 1;\n')).toEqual([expect.stringMatching(/src\/plugins is not in the layer table/)]);
  });
});

describe('the import-cycle check', () => {
  it('finds every cycle, a module importing itself included, and nothing in a graph without one', () => {
    const graph = new Map([
      ['a', ['b']], ['b', ['c']], ['c', ['a', 'd']], ['d', []],
      ['e', ['e']],
      ['f', ['g']], ['g', ['f']],
    ]);
    expect(findCycles(graph)).toEqual([['a', 'b', 'c'], ['e'], ['f', 'g']]);
    expect(findCycles(new Map([['a', ['b', 'c']], ['b', ['c']], ['c', []]]))).toEqual([]);
  });

  it('reads static, type-only, side-effect, dynamic and multi-line imports and re-exports, not packages', () => {
    const code = "import a from './a';\nimport type { B } from '../b';\nexport * from './c';\nimport './d';\nconst e = import('./e');\nexport {\n  f,\n} from './f';\nimport x from 'react';\n";
    expect(importSpecifiers(code)).toEqual(['./a', '../b', './c', './d', './e', './f']);
  });

  it('src/ has no import cycle', () => {
    const graph = importGraph();
    expect(graph.get('src/engine/kvDecoder.ts')).toContain('src/engine/kvSession.ts');
    expect(findCycles(graph)).toEqual([]);
  });
});
