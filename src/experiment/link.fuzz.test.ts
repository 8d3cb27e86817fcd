// Seeded fuzzing of share links: 2,000 mutations of real links per run (presets, defaults, random valid configs),
// each with a clean outcome: decodeLink never throws; every problem is one inert line; the config it settles on is
// within every field's bounds (reading it again finds nothing to fix) and its link reads back as itself; and then its runs can be sized, the memory
// estimate finite and positive, or refused in one line.
import { describe, expect, it } from 'vitest';
import { scratchConfig } from '../model/size';
import { experimentMemory } from '../train/memoryPlan';
import { createRng, type Rng } from '../util/random';
import { arbitraryExperiment } from './arbitrary';
import { decodeLink, encodeLink } from './link';
import { checkExperiment } from './object';
import { presets } from './presets';
import { cloneExperiment, type ExperimentConfig } from './schema';

const CASES = 2000;
/** A message: one line, no markup. The input it quotes (key, value): inert, every significant character escaped. */
const ONE_LINE = /^[^\n\r\u2028\u2029<>]*$/;
const INERT = /^[^\n\r\u2028\u2029<>&"'`]*$/; // backslashes stay: they start the escapes

const HOSTILE = [
  '', '0', '-1', '1e999', '-1e-999', 'NaN', 'Infinity', '0x10', '1.5', '2147483648', '99999999999', '1e6', '1024', '1025',
  'true', 'yes', ',', 'ntp,ntp', 'ntp,', 'mutor,multiTokenHeads,ntp', '<script>alert(1)</script>', 'transcript-model.onnx',
  '%', '%E0%A4%A', '%00', '\u2028', '\u2029', 'a\u202eb', '\ud800', '中文', '=', '&', '#', ' ', '+', 'a'.repeat(200),
];

/** %-escaped, or as it is where it cannot be (a lone surrogate): the link then carries it raw. */
const escaped = (s: string) => {
  try {
    return encodeURIComponent(s);
  } catch {
    return s;
  }
};
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];

/** One to three edits of a link's parts: values and keys replaced, parts dropped, duplicated, cut, or glued. */
function mutate(link: string, rng: Rng): string {
  let parts = link.split('&');
  for (let edits = 1 + rng.int(3); edits > 0; edits--) {
    const i = rng.int(parts.length);
    const [key] = parts[i].split('=');
    switch (rng.int(8)) {
      case 0: parts[i] = `${key}=${escaped(pick(rng, HOSTILE))}`; break;
      case 1: parts[i] = `${key}=${pick(rng, HOSTILE)}`; break; // unescaped
      case 2: parts[i] = `${pick(rng, HOSTILE)}=${pick(rng, ['1', 'x', ''])}`; break;
      case 3: parts.splice(i, 1); break;
      case 4: parts.push(parts[i]); break;
      case 5: parts[i] = parts[i].slice(0, rng.int(parts[i].length + 1)); break;
      case 6: parts.push(`${pick(rng, ['bs', 'runs', 'dmax', 'steps', 'v', 'k.degree', 'task', 'lr', 'evaln', 'accum', 'train'])}=${escaped(pick(rng, HOSTILE))}`); break;
      default: parts = [parts.join('&').slice(0, rng.int(link.length + 1))];
    }
    if (parts.length === 0) parts = [''];
  }
  return parts.join('&');
}

/** Fast sizing: the first examples of each split set T (the full splits take seconds for 100,000 examples). */
function sizing(c: ExperimentConfig): ExperimentConfig {
  return { ...c, data: { ...c.data, trainSize: Math.min(c.data.trainSize, 24), testSize: Math.min(c.data.testSize, 8) } };
}

describe('share links, fuzzed', () => {
  it(`gives a clean outcome for ${CASES} seeded mutated links`, () => {
    const rng = createRng(14);
    const seeds = [...presets.map((p) => encodeLink(p.config)), encodeLink(cloneExperiment()), 'v=1&bs=1024&runs=multiTokenHeads&dmax=16&steps=2&eval=2&evaln=4'];
    let sized = 0, refused = 0;
    for (let n = 0; n < CASES; n++) {
      const base = n % 3 === 0 ? encodeLink(arbitraryExperiment(rng)) : pick(rng, seeds);
      const link = mutate(base, rng);
      const what = `case ${n}: ${JSON.stringify(link).slice(0, 300)}`;
      const d = decodeLink(link);
      for (const p of d.problems) {
        expect(p.message, what).toMatch(ONE_LINE);
        expect(`${p.key}${p.value}`, what).toMatch(INERT);
      }
      expect(checkExperiment(d.config), what).toEqual([]);
      const settled = encodeLink(d.config); // fields that do not matter (visibleWhen) are not in a link
      expect(encodeLink(decodeLink(settled).config), what).toBe(settled);
      try {
        for (const r of experimentMemory(sizing(d.config), scratchConfig(d.config.model.scratch))) {
          expect(r.memory.totalBytes, what).toBeGreaterThan(0);
          expect(Number.isFinite(r.memory.totalBytes), what).toBe(true);
        }
        sized++;
      } catch (e) {
        expect((e as Error).message, what).toMatch(/^[^\n\u2028\u2029]+$/);
        refused++;
      }
    }
    // Both outcomes occur: the fuzzer reaches sizes that fit and sequences the model cannot hold.
    expect(sized).toBeGreaterThan(CASES / 2);
    expect(refused).toBeGreaterThan(0);
  });
});
