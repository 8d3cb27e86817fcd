// `mutor gallery`: packs the snapshot runs of `mutor experiment --preset <id> --snapshots --out <from>/<id>` into the
// page's gallery (public/gallery by default). scripts/gallery.sh trains and packs the shipped gallery.
import { Flags, UsageError } from '../args';
import type { Command } from '../command';
import { packGallery } from '../galleryPack';

export const galleryCommand: Command = {
  name: 'gallery',
  usage: 'gallery --preset id[,id] [--from experiments/gallery] [--out public/gallery]',
  summary: "packs presets' snapshot runs (mutor experiment --snapshots) into the page's gallery of trained runs",
  async run(args) {
    const f = new Flags(args);
    const presets = f.string('preset');
    const from = f.string('from', 'experiments/gallery') as string;
    const out = f.string('out', 'public/gallery') as string;
    f.done();
    if (!presets) throw new UsageError('--preset is required');
    const index = packGallery(presets.split(','), from, out);
    for (const e of index.entries) process.stderr.write(`${e.id}: ${e.runs.map((r) => `${r.method} ${(r.testAccuracy * 100).toFixed(1)}%${r.model ? ' + model' : ''}`).join(', ')}\n`);
    process.stderr.write(`wrote ${out}/index.json (${index.entries.length} entries)\n`);
    return 0;
  },
};
