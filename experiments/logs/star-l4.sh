#!/bin/bash
# Star graph, degree 2, path length 4: the shortest path where MuToR's registers have a target that NTP's
# teacher forcing does not hand over (n2, the goal's parent, predicted from before n1). NTP and MuToR, 2,000 steps,
# validation split, seed 0 (SEEDS=0,1 adds seed 1). Resumable.
set -e
cd "$(dirname "$0")/../.."
node bin/mutor.js experiment --preset star-graph --method ${METHODS-ntp,mutor} --seeds ${SEEDS-0} --val 200 \
  --set k.pathLength=4,steps=2000,eval=250 --out experiments/explore/star-l4
