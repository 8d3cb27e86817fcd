// Star graph path-finding (Bachmann & Nagarajan 2024, "The pitfalls of next-token prediction").
// A center node with `degree` arms, each a path of `pathLength` nodes counting the center; all labels distinct.
// Edges point away from the center and are shuffled; being a tree, the graph has one path from start to goal.
// Scored by exact match of the whole path.
//
// Two formats (knob `separators`):
//   0, the paper's: one token per node, no separator inside an edge or the path, only the delimiters | / =
//        prompt ab|bc|ad|de/ae=        answer ade        (start = center a, goal = end of one arm e)
//   1, the format of link version 1 (every older link reads as 1): commas between nodes
//        prompt a,b|b,c|a,d|d,e/a,e=   answer a,d,e
// With commas, MuToR's register offset d counts characters, not nodes (d = 2 is the next node, odd d a comma).
// Both formats draw the same graphs from the same seed; only the text differs.
//
// Knob `reverse` = 1 asks for the path from the goal back to the start (same graphs, same prompt): each node is then
// the one parent of the node before, a single edge lookup, so next-token prediction can solve it without planning.
// Bachmann & Nagarajan use it to show that the task is learnable once the order needs no lookahead: the positive
// control of a model size and budget. Its 'decision' position holds the goal's parent, which needs no guess: its
// guess rate is 1, so the next-token ceiling of a model that does not plan is 100%.
//
// Node labels are single characters from ALPHANUMERIC, so every node is one token of the shared 64-token
// vocabulary: a pool of at most 36 labels. The paper draws from 50; the shipped models' vocabulary has no room for
// 14 more node tokens.
import type { Rng } from '../util/random';
import { exactMatch, makeExample } from './example';
import { shuffled } from './sampling';
import type { AnswerPart, Example, Knobs, Task, TaskDefinition } from './task';
import { ALPHANUMERIC } from './tokenizer';

export type StarGraphMeta = {
  edges: [string, string][];
  path: string[];
};

function nodeCount(k: Knobs): number {
  return k.degree * (k.pathLength - 1) + 1;
}

function generateOne(rng: Rng, k: Knobs): Example {
  const nodes = shuffled(rng, [...ALPHANUMERIC.slice(0, k.nodePool)]).slice(0, nodeCount(k));
  const center = nodes[0];
  const arms = Array.from({ length: k.degree }, (_, a) => [center, ...nodes.slice(1 + a * (k.pathLength - 1), 1 + (a + 1) * (k.pathLength - 1))]);
  const edges = shuffled(rng, arms.flatMap((arm) => arm.slice(1).map((child, i): [string, string] => [arm[i], child])));
  const path = arms[rng.int(k.degree)];
  const goal = path[path.length - 1];
  const between = k.separators ? ',' : '';
  const promptText = `${edges.map((edge) => edge.join(between)).join('|')}/${center}${between}${goal}=`;
  const meta: StarGraphMeta = { edges, path };
  const answer = k.reverse ? [...path].reverse() : path;
  return makeExample(promptText, answer.join(between), meta);
}

/**
 * The answer's tokens by role, EOS included: the start (given in the query), the decision (the first node after
 * the start: the one a model that cannot plan guesses among `degree` arms), the rest of the path (each node follows
 * from the one before through a single edge) and EOS. Commas, in the old format, count as 'rest'.
 */
function answerParts(example: Example, k: Knobs): AnswerPart[] {
  const decision = k.separators ? 2 : 1; // the answer is one token per node, or node, comma, node, ...
  const eos = example.answer.length - 1;
  return example.answer.map((_, i) => (i === 0 ? 'start' : i === decision ? 'decision' : i === eos ? 'eos' : 'rest'));
}

export const starGraph: TaskDefinition = {
  name: 'starGraph',
  description: 'Find the path from the center of a star graph to a given leaf (Bachmann & Nagarajan).',
  knobSpecs: [
    { name: 'degree', description: 'Arms leaving the center.', default: 2, min: 2, max: 10 },
    { name: 'pathLength', description: 'Nodes per arm, the center included.', default: 5, min: 2, max: 15 },
    { name: 'nodePool', description: 'Distinct node labels to draw from (one character, one token each).', default: 36, min: 3, max: ALPHANUMERIC.length },
    { name: 'separators', description: '0: one token per node, as in the paper. 1: commas between nodes (the format of version-1 links).', default: 0, min: 0, max: 1 },
    { name: 'reverse', description: '1: answer with the path from the goal back to the start, which needs no planning (the positive control).', default: 0, min: 0, max: 1 },
  ],
  checkKnobs: (k) =>
    nodeCount(k) > k.nodePool ? `degree ${k.degree} and pathLength ${k.pathLength} need ${nodeCount(k)} distinct nodes but nodePool is ${k.nodePool}` : null,
  create: (knobs): Task => ({
    name: 'starGraph',
    description: starGraph.description,
    knobs,
    generate: (rng, count) => Array.from({ length: count }, () => generateOne(rng, knobs)),
    evaluate: exactMatch,
    answerParts: { labels: (example) => answerParts(example, knobs), decisionGuessRate: knobs.reverse ? 1 : 1 / knobs.degree },
  }),
};
