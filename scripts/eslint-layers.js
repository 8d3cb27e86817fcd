// The layers of src/ as an ESLint rule: a file may import its own folder and the folders of lower layers, never a
// higher one (ARCHITECTURE.md; issue 13). Tests (*.test.ts) may import any layer: they check one layer with others.
//
//   9  ui                      (and src/main.tsx)
//   8  state
//   7  worker, cli, bench, torch   (torch: the exported PyTorch job)
//   6  train
//   5  experiment              (schema, link codec, presets: data every layer above reads)
//   4  engine, onnx
//   3  methods, reference
//   2  kernels, mutor
//   1  gpu, model, tasks
//   0  util
import path from 'node:path';

export const LAYERS = {
  util: 0,
  gpu: 1, model: 1, tasks: 1,
  kernels: 2, mutor: 2,
  methods: 3, reference: 3,
  engine: 4, onnx: 4,
  experiment: 5,
  train: 6,
  worker: 7, cli: 7, bench: 7, torch: 7,
  state: 8,
  ui: 9,
};

const ROOT = path.resolve(import.meta.dirname, '..');

/** 'engine' for src/engine (a folder or a file in it), 'ui' for files at the top of src/ (main.tsx), else null. */
function layerOf(file) {
  const rel = path.relative(path.join(ROOT, 'src'), file).split(path.sep);
  if (rel[0] === '..' || rel[0] === '') return null;
  if (Object.hasOwn(LAYERS, rel[0])) return rel[0];
  return rel.length === 1 ? 'ui' : null;
}

const noUpwardImport = {
  meta: {
    type: 'problem',
    docs: { description: 'forbid imports from a higher layer of src/ (scripts/eslint-layers.js)' },
    messages: {
      upward: "{{from}} (layer {{fromRank}}) imports {{to}} (layer {{toRank}}): move the code to the layer that needs it, or the import's target down",
      unknown: 'src/{{folder}} is not in the layer table of scripts/eslint-layers.js: give it a layer',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    if (/\.test\.tsx?$/.test(file)) return {};
    const from = layerOf(file);
    if (from === null) {
      const folder = path.relative(path.join(ROOT, 'src'), file).split(path.sep)[0];
      if (!folder.startsWith('..') && path.extname(folder) === '') {
        return { Program: (node) => context.report({ node, messageId: 'unknown', data: { folder } }) };
      }
      return {};
    }
    const check = (source) => {
      if (!source || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const to = layerOf(path.resolve(path.dirname(file), source.value));
      if (to === null || to === from || LAYERS[to] <= LAYERS[from]) return;
      context.report({ node: source, messageId: 'upward', data: { from, fromRank: LAYERS[from], to, toRank: LAYERS[to] } });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export const layersPlugin = { rules: { 'no-upward-import': noUpwardImport } };
