#!/usr/bin/env bash
# Regenerates the gallery of trained runs shipped in public/gallery/ (the page's "Gallery" panel): trains each
# preset's runs to the end of its budget with snapshots (attention, horizons) at every evaluation and the trained
# models, then packs them. A killed run resumes where it stopped when this is run again; runs already done are kept.
# The same commands on the same adapter give the same numbers (the gallery's index.json names the adapter).
#
# Which presets: the cheapest that show something learned on a 2-core machine with a software adapter. The star-graph
# quick look (nano, 600 steps, NTP / MuToR / Multi-Token heads; 4-6 minutes a run on a loaded 2-core machine) reaches
# the Clever Hans plateau near 1/degree exact match, with registers predicting the path ahead. arithmetic-1k-60 (nano
# on 1,000 word problems for 60 epochs, NTP and MuToR: the end-state budget chosen on validation, EXPERIMENTS.md B4)
# takes 17-27 minutes a run on lavapipe (about 45 minutes for both). Not included: Tiny (20 steps: 0% exact match,
# nothing learned yet), the 300-step arithmetic presets (learning speed, not end states) and arithmetic-1k (30 epochs:
# not yet the end state, B4).
set -euo pipefail
cd "$(dirname "$0")/.."
PRESETS=(star-graph arithmetic-1k-60)
WORK=${GALLERY_WORK:-experiments/gallery}
for preset in "${PRESETS[@]}"; do
  node bin/mutor.js experiment --preset "$preset" --snapshots --checkpoint-every 200 --out "$WORK/$preset"
done
node bin/mutor.js gallery --preset "$(IFS=,; echo "${PRESETS[*]}")" --from "$WORK" --out public/gallery
