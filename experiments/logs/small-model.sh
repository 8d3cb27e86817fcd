#!/bin/bash
# Model size: the same comparisons from the 'small' base model (2.7M parameters, 13x nano), validation split, seed 0,
# NTP and MuToR at each learning rate given (the same for both; 0.003 is what every method chose on nano). Usage:
#   experiments/logs/small-model.sh star 0.003             # star graph, degree 2, path length 3, 600 steps
#   experiments/logs/small-model.sh arith 0.003            # arithmetic, 300 steps
#   STEPS=150 experiments/logs/small-model.sh arith 0.003  # a shorter budget, with nano at the same budget beside it
# METHODS=ntp or METHODS=mutor runs one method (two shells run both at once); SEEDS=0,1 adds seed 1. Resumable.
set -e
cd "$(dirname "$0")/../.."
task=$1; shift
case $task in
  star) preset=star-graph ;;
  arith) preset=arithmetic ;;
  *) echo "usage: $0 star|arith lr..." >&2; exit 2 ;;
esac
run() { node bin/mutor.js experiment --preset $preset --method ${METHODS-ntp,mutor} --seeds ${SEEDS-0} --val 200 "$@"; }
for lr in "$@"; do
  run --set model=small,lr=$lr${STEPS:+,steps=$STEPS} --out experiments/explore/small-$task-lr$lr${STEPS:+-$STEPS}
  if [ -n "$STEPS" ]; then run --set lr=$lr,steps=$STEPS --out experiments/explore/nano-$task-lr$lr-$STEPS; fi
done
