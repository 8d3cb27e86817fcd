#!/bin/bash
# Star graph, degree 2, path length 3: does more training let MuToR leave the Clever Hans plateau that NTP settles on?
# NTP and MuToR, 1,500 steps (2.5x the preset), validation split, seed 0. Resumable.
set -e
cd "$(dirname "$0")/../.."
node bin/mutor.js experiment --preset star-graph --method ntp,mutor --seeds 0 --val 200 --set steps=1500,eval=250 \
  --out experiments/star-graph-long
