// "The presets load the new rows": each preset that reproduces a table of EXPERIMENTS.md trains, for each method and
// seed 0, exactly the share link printed in that table's row.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { encodeLink } from '../../experiment/link';
import { presetById } from '../../experiment/presets';
import { runExperimentConfig } from './runner';

const report = readFileSync(new URL('../../../EXPERIMENTS.md', import.meta.url), 'utf8');

const rows = [
  ['star-graph-g2-5-nano', 'ntp'],
  ['star-graph-g2-5-nano', 'mutor'],
  ['arithmetic-1k', 'ntp'],
  ['arithmetic-1k', 'mutor'],
  ['arithmetic-1k-60', 'ntp'],
  ['arithmetic-1k-60', 'mutor'],
] as const;

describe('presets reproduce EXPERIMENTS.md rows', () => {
  it.each(rows)('%s, %s: its seed-0 link is a row of the report', (id, method) => {
    const preset = presetById(id);
    expect(preset?.config.runs).toContain(method);
    const link = encodeLink(runExperimentConfig(preset!.config, method, 0));
    expect(report).toContain(`\`${link}\``);
  });
});
