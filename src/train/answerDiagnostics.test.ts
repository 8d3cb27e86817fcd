// The Clever Hans diagnostics on the star graph, with rule-based models in place of a network: one that follows edges
// but takes the first arm it reads at the center (the shortcut), and one that plans (finds the arm leading to the goal).
import { describe, expect, it } from 'vitest';
import type { Batch } from '../model/batch';
import { scratchConfig } from '../model/size';
import { methodConfig } from '../methods/registry';
import { createTask, type Example } from '../tasks';
import { decode, encode, EOS } from '../tasks/tokenizer';
import { createRng } from '../util/random';
import { answerDiagnosticsSuffix } from './answerDiagnostics';
import { evaluate } from './evaluate';
import type { LogitsModel } from '../model/logitsModel';

type NextNode = (edges: [string, string][], start: string, goal: string, last: string) => string;

/** After '=' the start; after a node, the next node NextNode picks, or EOS at a leaf. Logits are one-hot. */
function ruleModel(next: NextNode): LogitsModel {
  const config = scratchConfig();
  const V = config.vocabSize;
  return {
    config, maxBatch: 64, maxT: config.maxLen,
    async logits(batch: Batch) {
      const out = new Float32Array(batch.B * batch.T * V);
      for (let b = 0; b < batch.B; b++) {
        const text = decode([...batch.inputIds.subarray(b * batch.T + 1, (b + 1) * batch.T)]);
        const eq = text.indexOf('=');
        const [edgeText, query] = text.slice(0, eq).split('/');
        if (eq < 0 || query === undefined) continue; // not a star graph: no prediction
        const edges = edgeText.split('|').map((e): [string, string] => [e[0], e[1]]);
        for (let t = eq + 1; t < batch.T; t++) {
          const last = text[t - 1]; // the token at sequence index t (text is shifted by BOS)
          const id = t === eq + 1 ? encode(query[0])[0] : edges.some(([u]) => u === last) ? encode(next(edges, query[0], query[1], last))[0] : EOS;
          out[(b * batch.T + t) * V + id] = 1;
        }
      }
      return out;
    },
  };
}

const child = (edges: [string, string][], u: string) => edges.find(([from]) => from === u)![1];
/** Follows edges; at the center takes the arm whose edge comes first in the prompt. */
const firstArm: NextNode = (edges, _start, _goal, last) => child(edges, last);
/** Walks back from the goal to find the center's child on its path. */
const planner: NextNode = (edges, start, goal, last) => {
  if (last !== start) return child(edges, last);
  let node = goal;
  for (let parent = edges.find(([, v]) => v === node)![0]; parent !== start; parent = edges.find(([, v]) => v === node)![0]) node = parent;
  return node;
};

async function diagnose(model: LogitsModel, degree: number, n: number) {
  const task = createTask('starGraph', { degree, pathLength: 5 });
  const examples: Example[] = task.generate(createRng(degree), n);
  return (await evaluate(model, task, examples, methodConfig('ntp'), 0, 64)).point;
}

describe('answer diagnostics on the star graph', () => {
  it.each([2, 4])('a model stuck on the first arm (degree %i): decision near 1/degree, every rest token right, next-token at the ceiling', async (degree) => {
    const point = await diagnose(ruleModel(firstArm), degree, 600);
    const d = point.answerDiagnostics!;
    expect(d.teacherForcedRest).toBe(1);
    expect(Math.abs(d.teacherForcedDecision - 1 / degree)).toBeLessThan(0.06);
    expect(d.generatedDecision).toBe(d.teacherForcedDecision); // the start is always right, so the same choice
    expect(point.testAccuracy).toBe(d.generatedDecision);
    // A = 6 predicted answer tokens (5 nodes and EOS), one decision.
    expect(d.nextTokenCeiling).toBeCloseTo((5 + 1 / degree) / 6, 12);
    expect(point.nextTokenAccuracy).toBeCloseTo((5 + d.teacherForcedDecision) / 6, 12);
    expect(answerDiagnosticsSuffix(point.answerDiagnostics)).toMatch(/^; decision \d+% generated, \d+% teacher-forced; rest 100%; next-token ceiling without planning \d+\.\d%$/);
  });

  it('a model that plans: every decision right, next-token above the ceiling', async () => {
    const point = await diagnose(ruleModel(planner), 3, 100);
    expect(point.answerDiagnostics).toMatchObject({ generatedDecision: 1, teacherForcedDecision: 1, teacherForcedRest: 1 });
    expect(point.nextTokenAccuracy).toBe(1);
    expect(point.testAccuracy).toBe(1);
  });

  it('leaves tasks without a planning decision alone', async () => {
    const task = createTask('reversal');
    const point = (await evaluate(ruleModel(firstArm), task, task.generate(createRng(1), 2), methodConfig('ntp'), 0, 60)).point;
    expect(point.answerDiagnostics).toBeUndefined();
    expect(answerDiagnosticsSuffix(point.answerDiagnostics)).toBe('');
  });
});
