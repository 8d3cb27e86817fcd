import { describe, expect, it } from 'vitest';
import { createRng } from '../util/random';
import { createTask } from './index';
import type { StarGraphMeta } from './starGraph';
import { EOS, encode } from './tokenizer';

describe('starGraph', () => {
  const configs: Record<string, number>[] = [
    {}, { degree: 5, pathLength: 5 }, { degree: 3, pathLength: 10 }, { degree: 2, pathLength: 5, nodePool: 9 }, { degree: 3, pathLength: 4, separators: 1 },
  ];

  it.each(configs)('builds a star with the right degree and arm lengths, and a valid unique path (%o)', (knobs) => {
    const task = createTask('starGraph', knobs);
    const { degree, pathLength, separators } = task.knobs;
    const nodes = (text: string) => (separators ? text.split(',') : [...text]);
    for (const e of task.generate(createRng(1), 200)) {
      const { edges, path } = e.meta as StarGraphMeta;
      const [edgeText, query] = e.promptText.split('/');
      expect(edgeText.split('|').map(nodes)).toEqual(edges);
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
      expect(nodes(query.slice(0, -1))).toEqual([path[0], path[path.length - 1]]);
      expect(query.endsWith('=')).toBe(true);
      expect(path[0]).toBe(center[0]);
      expect(nodes(e.answerText)).toEqual(path);
      for (let i = 0; i + 1 < path.length; i++) expect(children.get(path[i])).toContain(path[i + 1]);
      expect(children.has(path[path.length - 1])).toBe(false);
    }
  });

  it('writes one token per node by default: no comma anywhere, only | / = between nodes', () => {
    const task = createTask('starGraph', { degree: 2, pathLength: 3 });
    for (const e of task.generate(createRng(3), 50)) {
      const { edges, path } = e.meta as StarGraphMeta;
      expect(e.promptText).toBe(`${edges.map(([u, v]) => u + v).join('|')}/${path[0]}${path[2]}=`);
      expect(e.answerText).toBe(path.join(''));
      expect(e.answer).toEqual([...encode(path.join('')), EOS]);
      expect(e.prompt).toHaveLength(1 + 4 * 3 - 1 + 4); // BOS, 4 edges of 2 nodes with 3 bars, /, start, goal, =
    }
  });

  it('draws the same graphs in both formats; only the commas differ', () => {
    const plain = createTask('starGraph', { degree: 3, pathLength: 5 }).generate(createRng(9), 30);
    const commas = createTask('starGraph', { degree: 3, pathLength: 5, separators: 1 }).generate(createRng(9), 30);
    expect(commas.map((e) => e.meta)).toEqual(plain.map((e) => e.meta));
    expect(commas.map((e) => e.promptText.replaceAll(',', ''))).toEqual(plain.map((e) => e.promptText));
    expect(commas.map((e) => e.answerText.replaceAll(',', ''))).toEqual(plain.map((e) => e.answerText));
  });

  it('reverse = 1 answers with the path from the goal back to the start, on the same graphs and prompts', () => {
    const forward = createTask('starGraph', { degree: 2, pathLength: 5 }).generate(createRng(4), 40);
    const backward = createTask('starGraph', { degree: 2, pathLength: 5, reverse: 1 }).generate(createRng(4), 40);
    expect(backward.map((e) => [e.meta, e.promptText])).toEqual(forward.map((e) => [e.meta, e.promptText]));
    for (const e of backward) {
      const { edges, path } = e.meta as StarGraphMeta;
      expect(e.answerText).toBe([...path].reverse().join(''));
      const parent = new Map(edges.map(([u, v]) => [v, u]));
      const nodes = [...e.answerText];
      for (let i = 0; i + 1 < nodes.length; i++) expect(parent.get(nodes[i])).toBe(nodes[i + 1]);
    }
    // The goal's parent needs no guess: nothing caps a model that does not plan.
    expect(createTask('starGraph', { degree: 2, pathLength: 5, reverse: 1 }).answerParts?.decisionGuessRate).toBe(1);
  });

  it('labels the answer: start, the decision (first node after the start), the rest of the path, EOS', () => {
    const [plain] = createTask('starGraph', { degree: 4, pathLength: 5 }).generate(createRng(2), 1);
    const parts = createTask('starGraph', { degree: 4, pathLength: 5 }).answerParts;
    expect(parts?.decisionGuessRate).toBe(1 / 4);
    expect(parts?.labels(plain)).toEqual(['start', 'decision', 'rest', 'rest', 'rest', 'eos']);
    const commaTask = createTask('starGraph', { degree: 2, pathLength: 3, separators: 1 });
    const [comma] = commaTask.generate(createRng(2), 1);
    expect(commaTask.answerParts?.labels(comma)).toEqual(['start', 'rest', 'decision', 'rest', 'rest', 'eos']);
    expect(commaTask.answerParts?.decisionGuessRate).toBe(1 / 2);
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
