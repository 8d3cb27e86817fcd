import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { createTask } from './index';
import type { StarGraphMeta } from './starGraph';

describe('starGraph', () => {
  const configs: Record<string, number>[] = [{}, { degree: 5, pathLength: 5 }, { degree: 3, pathLength: 10 }, { degree: 2, pathLength: 5, nodePool: 9 }];

  it.each(configs)('builds a star with the right degree and arm lengths, and a valid unique path (%o)', (knobs) => {
    const task = createTask('starGraph', knobs);
    const { degree, pathLength } = task.knobs;
    for (const e of task.generate(createRng(1), 200)) {
      const { edges, path } = e.meta as StarGraphMeta;
      const [edgeText, query] = e.promptText.split('/');
      expect(edgeText.split('|').map((s) => s.split(','))).toEqual(edges);
      expect(edges).toHaveLength(degree * (pathLength - 1));
      const children = new Map<string, string[]>();
      for (const [u, v] of edges) children.set(u, [...(children.get(u) ?? []), v]);
      const parents = new Set(edges.map(([, v]) => v));
      const center = [...children.keys()].filter((u) => !parents.has(u));
      expect(center).toHaveLength(1);
      expect(children.get(center[0])).toHaveLength(degree);
      // Every arm: a chain of pathLength nodes from the center.
      for (const first of children.get(center[0]) ?? []) {
        let node = first, length = 2;
        while (children.has(node)) {
          expect(children.get(node)).toHaveLength(1);
          node = (children.get(node) ?? [])[0];
          length++;
        }
        expect(length).toBe(pathLength);
      }
      expect(new Set(edges.flat()).size).toBe(degree * (pathLength - 1) + 1);
      // The answer walks the edges from start to goal.
      expect(query).toBe(`${path[0]},${path[path.length - 1]}=`);
      expect(path[0]).toBe(center[0]);
      expect(e.answerText).toBe(path.join(','));
      for (let i = 0; i + 1 < path.length; i++) expect(children.get(path[i])).toContain(path[i + 1]);
      expect(children.has(path[path.length - 1])).toBe(false);
    }
  });

  it('is deterministic per seed', () => {
    const task = createTask('starGraph');
    expect(task.generate(createRng(7), 20)).toEqual(task.generate(createRng(7), 20));
    expect(task.generate(createRng(7), 20)).not.toEqual(task.generate(createRng(8), 20));
  });

  it('rejects graphs that need more nodes than the pool', () => {
    expect(() => createTask('starGraph', { degree: 5, pathLength: 10, nodePool: 36 })).toThrow(/need 46 distinct nodes but nodePool is 36/);
  });
});
