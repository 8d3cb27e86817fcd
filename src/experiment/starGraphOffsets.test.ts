// Acceptance of the star-graph presets (issue 12): one token per node, so a register at offset d predicts the node
// d nodes ahead on the path, for every d the preset draws.
import { describe, expect, it } from 'vitest';
import { layoutSequence } from '../methods/layout';
import type { StarGraphMeta } from '../tasks/starGraph';
import { EOS, encode, VOCAB_SIZE } from '../tasks/tokenizer';
import { createTask } from '../tasks';
import { createRng } from '../util/random';
import { presetById } from './presets';
import { methodConfigFor } from './schema';

describe.each(['star-graph-g2-5', 'star-graph-g2-10'])('preset %s', (id) => {
  const exp = presetById(id)!.config;
  const method = methodConfigFor(exp, 'mutor');
  const task = createTask(exp.task.name, exp.task.knobs);
  const examples = task.generate(createRng(5), 20);
  const { pathLength } = exp.task.knobs;

  it('writes one token per node: the answer is the path and EOS, each edge two tokens', () => {
    for (const e of examples) {
      const { edges, path } = e.meta as StarGraphMeta;
      expect(e.answer).toEqual([...path.map((node) => encode(node)[0]), EOS]);
      expect(e.prompt).toHaveLength(1 + 3 * edges.length - 1 + 4); // BOS, edges and bars, / start goal =
    }
  });

  const offsets = Array.from({ length: method.dMax - method.dMin + 1 }, (_, i) => method.dMin + i);
  it.each(offsets)('a register at d = %i predicts the node d nodes ahead of the node it follows', (d) => {
    expect(offsets).toEqual(id === 'star-graph-g2-5' ? [2, 3, 4] : [2, 3, 4, 5, 6]);
    for (const e of examples) {
      const { path } = e.meta as StarGraphMeta;
      const layout = layoutSequence(e, method, d, VOCAB_SIZE);
      const Q = e.prompt.length;
      const pathIndexAt = (seq: number) => layout.inputIds.slice(0, seq).filter((t) => t < VOCAB_SIZE).length - Q; // regular tokens before it, minus the prompt
      expect(layout.registers).toHaveLength(pathLength + 1);
      for (const r of layout.registers) {
        const from = pathIndexAt(r.source); // -1: the register follows '=' (the last prompt token)
        const ahead = from + d;
        const want = ahead < pathLength ? encode(path[ahead])[0] : ahead === pathLength ? EOS : null;
        expect(r.target >= 0 ? layout.inputIds[r.target] : null).toBe(want);
        if (want !== null) expect(pathIndexAt(r.target)).toBe(ahead);
      }
    }
  });
});
