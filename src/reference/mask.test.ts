// The attention mask seen from the outputs: changing a token that a query cannot reach (through any number of
// layers) must leave that query's logits bitwise unchanged, in every output head; changing a token it attends to
// directly must change them. Reachability is the transitive closure of canAttend, computed here independently.
import { describe, expect, it } from 'vitest';
import type { Batch } from '../model/batch';
import { TokenKind, canAttend } from '../model/batch';
import { outputHeads, registerRows, type RunModelConfig } from '../model/methodTensors';
import { positionComponents } from '../model/config';
import { makeTestBatch, randomTestParams, smallTestConfig } from './fixtures';
import { referenceForward } from './model';

/** reach[q][k]: token k's input can influence query q's output (same sequence, closure of canAttend). */
function reachability(batch: Batch, b: number): boolean[][] {
  const T = batch.T, base = b * T;
  const reach = Array.from({ length: T }, (_, q) => Array.from({ length: T }, (_, k) => q === k || canAttend(batch.kinds, base, q, k)));
  for (let m = 0; m < T; m++) for (let q = 0; q < T; q++) for (let k = 0; k < T; k++) if (reach[q][m] && reach[m][k]) reach[q][k] = true;
  return reach;
}

/** Row (b, t) of every output head. */
function rowsOf(config: RunModelConfig, batch: Batch, logits: Float64Array, b: number, t: number): number[] {
  const N = batch.B * batch.T, V = config.vocabSize, n = b * batch.T + t;
  const out: number[] = [];
  for (let h = 0; h < outputHeads(config); h++) out.push(...logits.subarray((h * N + n) * V, (h * N + n + 1) * V));
  return out;
}

function cloneBatch(batch: Batch): Batch {
  return { ...batch, inputIds: batch.inputIds.slice(), positions: batch.positions.slice() };
}

/** A different valid input id of the same kind: another token id, or another register row. */
function otherId(config: RunModelConfig, id: number): number {
  const V = config.vocabSize, R = registerRows(config);
  return id < V ? (id + 1) % V : V + ((id - V + 1) % R);
}

describe.each(['1d', '2d'] as const)('attention mask through the whole model (rope %s)', (ropeMode) => {
  const config = smallTestConfig({ tied: false, ropeMode, registersAndHeads: true });
  const params = randomTestParams(config, 303);
  const batch = makeTestBatch(config, 404);
  const base = referenceForward(config, params, batch).logits;
  const kindName = ['pad', 'prompt', 'answer', 'register'];

  it('the test batch has every kind of token', () => {
    for (const kind of Object.values(TokenKind)) expect(Array.from(batch.kinds)).toContain(kind);
  });

  for (let b = 0; b < batch.B; b++) {
    const reach = reachability(batch, b);
    for (let j = 0; j < batch.T; j++) {
      const kind = kindName[batch.kinds[b * batch.T + j]];
      it(`changing the input id of token (${b}, ${j}) [${kind}] moves exactly the queries that reach it`, () => {
        const changed = cloneBatch(batch);
        const n = b * batch.T + j;
        changed.inputIds[n] = otherId(config, changed.inputIds[n]);
        const logits = referenceForward(config, params, changed).logits;
        for (let bb = 0; bb < batch.B; bb++) {
          for (let q = 0; q < batch.T; q++) {
            const before = rowsOf(config, batch, base, bb, q), after = rowsOf(config, changed, logits, bb, q);
            expect(after.every(Number.isFinite)).toBe(true);
            const same = after.every((x, i) => x === before[i]);
            if (bb !== b || !reach[q][j]) expect(same, `query (${bb}, ${q}) changed`).toBe(true);
            else if (batch.kinds[bb * batch.T + q] !== TokenKind.pad) expect(same, `query (${bb}, ${q}) did not change`).toBe(false);
          }
        }
      });
    }
  }

  it("a pad's position and id change nothing but the pad's own row; pad queries attend to nothing", () => {
    const P = positionComponents(config);
    const pads = [...batch.kinds.keys()].filter((n) => batch.kinds[n] === TokenKind.pad);
    expect(pads.length).toBeGreaterThan(0);
    const changed = cloneBatch(batch);
    for (const n of pads) {
      changed.inputIds[n] = 7;
      for (let c = 0; c < P; c++) changed.positions[n * P + c] += 5;
    }
    const { logits, cache } = referenceForward(config, params, changed);
    const V = config.vocabSize, N = batch.B * batch.T;
    for (let h = 0; h < outputHeads(config); h++) {
      for (let n = 0; n < N; n++) {
        if (pads.includes(n)) continue;
        const row = (h * N + n) * V;
        for (let v = 0; v < V; v++) expect(logits[row + v]).toBe(base[row + v]);
      }
    }
    const C = config.dModel;
    for (const block of [...cache.layers, ...cache.extraHeads]) {
      for (const n of pads) for (let c = 0; c < C; c++) expect(block.ya[n * C + c]).toBe(0);
    }
  });

  it('the closure itself follows the MuToR rules: no regular token reaches a register, a register reaches no other', () => {
    // Guards the test against a vacuous mask (e.g. everything visible or nothing visible).
    for (let b = 0; b < batch.B; b++) {
      const reach = reachability(batch, b), kind = (t: number) => batch.kinds[b * batch.T + t];
      for (let q = 0; q < batch.T; q++) {
        for (let k = 0; k < batch.T; k++) {
          if (q === k || kind(q) === TokenKind.pad) continue;
          if (kind(k) === TokenKind.register) expect(reach[q][k], `(${b}, ${q}) reaches register ${k}`).toBe(false);
          if (kind(q) === TokenKind.register && kind(k) === TokenKind.prompt) expect(reach[q][k]).toBe(true);
          if (kind(q) === TokenKind.prompt && kind(k) === TokenKind.answer) expect(reach[q][k]).toBe(false);
        }
      }
    }
  });
});
