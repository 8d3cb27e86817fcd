#!/bin/bash
# Star graph, degree 2, path length 3, 600 steps from nano (the preset), validation split, seed 0: MuToR's knobs
# around the paper's path-length-5 setting (d_max 4, a 0.5), against NTP on the same split. Resumable.
set -e
cd "$(dirname "$0")/../.."
E=experiments/explore/star-knobs
mutor() { node bin/mutor.js experiment --preset star-graph --seeds 0 --val 200 "$@"; }
mutor --method ntp,mutor --out $E/base
for a in 0.3 0.8; do mutor --method mutor --set a=$a --out $E/a$a; done
mutor --method mutor --set dmax=6 --out $E/dmax6
