#!/bin/bash
# Model size: the same comparisons from the 'small' base model (2.7M parameters, 13x nano), validation split, seed 0,
# NTP and MuToR at each learning rate given (the same for both; 0.003 is what every method chose on nano). Usage:
#   experiments/logs/small-model.sh star 0.003         # star graph, degree 2, path length 3, 600 steps
#   experiments/logs/small-model.sh arith 0.003        # arithmetic, 150 steps (half the preset: small runs ~8x slower here)
# Resumable.
set -e
cd "$(dirname "$0")/../.."
task=$1; shift
case $task in
  star) preset=star-graph extra= ;;
  arith) preset=arithmetic extra=,steps=150 ;;
  *) echo "usage: $0 star|arith lr..." >&2; exit 2 ;;
esac
for lr in "$@"; do
  node bin/mutor.js experiment --preset $preset --method ${METHODS-ntp,mutor} --seeds 0 --val 200 --set model=small,lr=$lr$extra \
    --out experiments/explore/small-$task-lr$lr
done
