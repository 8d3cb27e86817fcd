#!/bin/bash
# Star graph from nano (table 1): degree 2 and degree 3, path length 3; NTP, MuToR and Multi-Token heads; seeds 1-3
# on the test split; lr 0.003 for every method (not tuned per method; see EXPERIMENTS.md). Resumable.
set -e
cd "$(dirname "$0")/../.."
mutor() { node bin/mutor.js "$@"; }
for preset in star-graph star-graph-d3; do
  for seed in 1 2 3; do
    mutor experiment --preset $preset --seeds $seed --out experiments/$preset
  done
done
