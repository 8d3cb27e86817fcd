// `mutor layout`: one task example laid out by a method (MuToR's registers by default), as JSON or a readable table.
//   JSON: { task, method, seed, d, tokens, ids, kinds, positions, targets, mask, registers }, one entry per sequence
//   index; targets are token strings or null; mask[q] lists the keys query q may attend to (canAttend); positions
//   are numbers in 1D and [row, col] for an image task. registers: { index, source, target } per register (sequence
//   indices, target -1 for none), with sourceCell / targetCell [row, col] for an image task; MuToR-2D adds dh, dw
//   (--offset dh,dw picks them; --d is MuToR's 1D offset). A method with extra output heads adds heads: per head
//   h >= 1 the token each sequence index predicts through it (h + 1 ahead); DeepSeek-V3 MTP (--mtp-depth D) adds
//   moduleMasks: module k's mask lists (its slots attend as the token k ahead, src/model/lookahead.ts).
// The example and, without --d, the offset and a 'fraction' placement all come from one rng seeded by --seed.
import { tokenKindNames, TokenKind } from '../../model/batch';
import type { Placement } from '../../methods/knobs';
import { isMethodKind, METHOD_KINDS, methodConfig, methodOf } from '../../methods/registry';
import { MAX_MTP_DEPTH } from '../../methods/knobs';
import { shiftedSequence } from '../../model/lookahead';
import type { SequenceLayout } from '../../mutor/sequence';
import { offsetIndex } from '../../methods/mutor2d/grid2d';
import { kindsMaskLists } from '../../mutor/mask';
import { createTask } from '../../tasks/index';
import { REG, tokenString, VOCAB_SIZE } from '../../tasks/tokenizer';
import { createRng } from '../../util/random';
import { Flags, UsageError } from '../args';
import { loadTaskDataNode } from '../loadExperiment';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from '../command';

const placements: Record<string, Placement> = { all: 'all', 'every-k': 'everyK', fraction: 'fraction' };

/** 'star-graph' -> 'starGraph', so both spellings of a registered task name work. */
const camelCase = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** [0,1,2,4,6,7] -> '0-2,4,6-7' */
function ranges(xs: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < xs.length; i++) {
    let j = i;
    while (j + 1 < xs.length && xs[j + 1] === xs[j] + 1) j++;
    parts.push(i === j ? `${xs[i]}` : `${xs[i]}-${xs[j]}`);
    i = j;
  }
  return parts.join(',') || '-';
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** '2,3' -> the offset number MuToR-2D's layout takes. */
function offsetNumber(text: string, D: number): number {
  const m = /^(\d+),(\d+)$/.exec(text.trim());
  try {
    if (!m) throw new Error('not two numbers');
    return offsetIndex(Number(m[1]), Number(m[2]), D);
  } catch {
    throw new UsageError(`--offset must be DH,DW in {1..${D}}² other than 1,1 (--d-max sets D), got ${text}`);
  }
}

/** Module k's mask lists over the sequence: its slot i attends as token i + k (src/model/lookahead.ts). */
function moduleMask(layout: SequenceLayout, k: number): number[][] {
  const L = layout.inputIds.length;
  const view = shiftedSequence({ B: 1, T: L, inputIds: Int32Array.from(layout.inputIds), kinds: Uint32Array.from(layout.kinds), promptLen: Uint32Array.of(layout.promptLen) }, k);
  return kindsMaskLists(view.kinds);
}

export const layoutCommand: Command = {
  name: 'layout',
  usage: `layout --task <name> [--method ${METHOD_KINDS.join('|')}] [--seed S] [--d D | --offset DH,DW] [--d-max N] [--placement all|every-k|fraction] [--k N] [--fraction F] [--mtp-depth D] [--json]`,
  summary: "print one example as a method trains on it (default: MuToR's interleaved registers): inputs, positions, targets and mask",
  async run(args) {
    const flags = new Flags(args);
    const taskName = flags.string('task');
    const methodName = flags.string('method', 'mutor') as string;
    const seed = flags.number('seed', 1, { integer: true }) as number;
    const dMax = flags.number('d-max', 4, { integer: true, min: 1 }) as number;
    const dFlag = flags.number('d', undefined, { integer: true, min: 1, max: dMax });
    const offsetFlag = flags.string('offset');
    const placementName = flags.string('placement', 'all') as string;
    const placementK = flags.number('k', 2, { integer: true, min: 1 }) as number;
    const placementFraction = flags.number('fraction', 0.5) as number;
    const mtpDepth = flags.number('mtp-depth', 2, { integer: true, min: 1, max: MAX_MTP_DEPTH }) as number;
    const json = flags.bool('json');
    flags.done();
    if (!taskName) throw new UsageError('--task is required');
    const placement = placements[placementName];
    if (!placement) throw new UsageError(`--placement must be one of ${Object.keys(placements).join(', ')}, got ${placementName}`);
    if (!isMethodKind(methodName)) throw new UsageError(`--method must be one of ${METHOD_KINDS.join(', ')}, got ${methodName}`);

    const { label, offsets, layout: layOut, gridOnly } = methodOf(methodName);
    if (offsetFlag !== undefined && !gridOnly) throw new UsageError(`--offset DH,DW is for MuToR-2D; ${label} takes --d`);
    if (dFlag !== undefined && gridOnly) throw new UsageError(`${label} takes --offset DH,DW, not --d`);
    loadTaskDataNode(camelCase(taskName), ROOT);
    const task = createTask(camelCase(taskName));
    const rng = createRng(seed);
    const [example] = task.generate(rng, 1);
    const method = methodConfig(methodName, { dMax, placement, placementK, placementFraction, mtpDepth });
    const d = offsets ? (offsetFlag !== undefined ? offsetNumber(offsetFlag, dMax) : dFlag ?? offsets.draw(method, rng)) : 0;
    const layout = layOut(example, method, d, VOCAB_SIZE, rng);
    const grid = example.grid;

    const isRegister = (i: number) => layout.kinds[i] === TokenKind.register;
    const tokens = layout.inputIds.map((id, i) => tokenString(isRegister(i) ? REG : id));
    const kinds = layout.kinds.map((k) => tokenKindNames[k]);
    const positions = layout.positions.map((p) => (grid ? p : p[0]));
    const Q = example.prompt.length;
    /** [row, col] of the answer token at sequence index i (the prefix's last token: the cell before (0, 0)). */
    const cellAt = (i: number, w: number) => {
      const j = layout.inputIds.slice(0, i).filter((_, k) => !isRegister(k)).length - Q;
      return j < 0 ? [0, -1] : [Math.floor(j / w), j % w];
    };
    const registers = layout.registers.map((r) => ({
      index: r.index, source: r.source, target: r.target,
      ...(grid && { sourceCell: cellAt(r.source, grid.w), targetCell: r.target < 0 ? null : cellAt(r.target, grid.w) }),
    }));
    const pair = 'dh' in layout && 'dw' in layout ? { dh: layout.dh, dw: layout.dw } : {};
    const [targets, ...heads] = layout.heads.map((head) => head.targets.map((t, i) => (t < 0 || head.weights[i] === 0 ? null : tokenString(t))));
    const mask = kindsMaskLists(layout.kinds);
    const moduleMasks = methodOf(methodName).tensors(method).extraHeads === 'sequential' ? heads.map((_, k) => moduleMask(layout, k + 1)) : [];

    if (json) {
      const extra = { ...(heads.length > 0 && { heads }), ...(moduleMasks.length > 0 && { moduleMasks }) };
      console.log(JSON.stringify({ task: task.name, method: methodName, seed, d: layout.d, ...pair, tokens, ids: layout.inputIds, kinds, positions, targets, mask, registers, ...extra }));
      return 0;
    }
    const lines = [
      `task ${task.name}, ${label}, seed ${seed}${offsets ? `, ${methodOf(methodName).describeLayout(layout, method)[0]}` : ''}: ${example.prompt.length} prompt + ${example.answer.length} answer tokens`,
      `prompt ${JSON.stringify(example.promptText)}  answer ${JSON.stringify(example.answerText)}`,
      '',
      `${'i'.padStart(4)}  ${'kind'.padEnd(8)} ${'token'.padEnd(7)} ${'pos'.padStart(4)}  ${'target'.padEnd(7)} ${heads.map((_, h) => `t+${h + 2}`.padEnd(7)).join(' ')}${heads.length ? ' ' : ''}attends to${moduleMasks.map((_, k) => `  module ${k + 1} attends to`).join('')}`,
    ];
    tokens.forEach((token, i) => {
      const target = targets[i] ?? (isRegister(i) ? '(none)' : '');
      const ahead = heads.map((h) => (h[i] ?? '').padEnd(7) + ' ').join('');
      const modules = moduleMasks.map((m) => `  ${ranges(m[i]).padEnd(19)}`).join('');
      lines.push(`${String(i).padStart(4)}  ${kinds[i].padEnd(8)} ${token.padEnd(7)} ${String(positions[i]).padStart(5)}  ${target.padEnd(7)} ${ahead}${ranges(mask[i]).padEnd(moduleMasks.length ? 10 : 0)}${modules}`.trimEnd());
    });
    if (heads.length > 0) lines.push('', ...methodOf(methodName).describeLayout(layout, method));
    console.log(lines.join('\n'));
    return 0;
  },
};
