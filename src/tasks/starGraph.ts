// Star graph path-finding (Bachmann & Nagarajan 2024, "The pitfalls of next-token prediction").
// A center node with `degree` arms, each a path of `pathLength` nodes counting the center; all labels distinct.
// Prompt: the shuffled edge list, each edge parent,child (pointing away from the center), then the query:
//   u,v|u,v|...|u,v/start,goal=        answer: start,n1,...,goal   (start = center, goal = end of one arm)
// Being a tree, the graph has exactly one path from start to goal. Scored by exact match of the whole path.
import type { Rng } from '../util/random';
import { exactMatch, makeExample } from './example';
import { shuffled } from './sampling';
import type { Example, Knobs, Task, TaskDefinition } from './task';
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
  const promptText = `${edges.map(([u, v]) => `${u},${v}`).join('|')}/${center},${goal}=`;
  const meta: StarGraphMeta = { edges, path };
  return makeExample(promptText, path.join(','), meta);
}

export const starGraph: TaskDefinition = {
  name: 'starGraph',
  description: 'Find the path from the center of a star graph to a given leaf (Bachmann & Nagarajan).',
  knobSpecs: [
    { name: 'degree', description: 'Arms leaving the center.', default: 2, min: 2, max: 10 },
    { name: 'pathLength', description: 'Nodes per arm, the center included.', default: 5, min: 2, max: 15 },
    { name: 'nodePool', description: 'Distinct node labels to draw from (one character each).', default: 36, min: 3, max: ALPHANUMERIC.length },
  ],
  checkKnobs: (k) =>
    nodeCount(k) > k.nodePool ? `degree ${k.degree} and pathLength ${k.pathLength} need ${nodeCount(k)} distinct nodes but nodePool is ${k.nodePool}` : null,
  create: (knobs): Task => ({
    name: 'starGraph',
    description: starGraph.description,
    knobs,
    generate: (rng, count) => Array.from({ length: count }, () => generateOne(rng, knobs)),
    evaluate: exactMatch,
  }),
};
