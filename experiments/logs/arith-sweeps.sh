#!/bin/bash
# Arithmetic from nano, MuToR ablations (table 2d): a in {0,0.1,0.5} and d_max in {1,2,3,6}; d_max 4 / a 0.3 is the
# main MuToR row. At MuToR's lr chosen on the validation split (arith-main.sh). One seed across every value first,
# then the next seed, so a stopped sweep is still a complete sweep for the seeds it finished. Resumable.
set -e
cd "$(dirname "$0")/../.."
E=experiments/arith
mutor() { node bin/mutor.js "$@"; }
while [ ! -f $E/tune-lr0.003/run-mutor-seed0.json ]; do sleep 10; done
lr=$(python3 experiments/logs/pick-lr.py mutor $E/tune-lr 0.001 0.003)
echo "mutor: lr $lr"
for seed in ${SEEDS-1 2 3}; do
  for a in ${AS-0 0.1 0.5}; do
    mutor experiment --preset arithmetic-heads --method mutor --seeds $seed --set lr=$lr,a=$a --out $E/a$a
  done
  for d in ${DS-1 2 3 6}; do
    mutor experiment --preset arithmetic-heads --method mutor --seeds $seed --set lr=$lr,dmax=$d --out $E/dmax$d
  done
done
