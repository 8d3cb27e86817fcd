#!/bin/bash
# Arithmetic from nano (table 2): learning-rate tuning on the validation split (seed 0, every method, same grid),
# then the main runs on the test split (seeds 1-3) at each method's chosen lr, then compute-matched NTP (1.4x steps).
# Resumable: rerunning skips finished runs.
set -e
cd "$(dirname "$0")/../.."
E=experiments/arith
mutor() { node bin/mutor.js "$@"; }
for lr in 0.001 0.003; do
  mutor experiment --preset arithmetic-heads --seeds 0 --val 200 --set lr=$lr --out $E/tune-lr$lr
done
for m in ntp mutor multiTokenHeads; do
  lr=$(python3 experiments/logs/pick-lr.py $m $E/tune-lr 0.001 0.003)
  echo "$m: lr $lr"
  mutor experiment --preset arithmetic-heads --method $m --seeds 1,2,3 --set lr=$lr --out $E/main-$m
done
mutor experiment --merge $E/main-ntp,$E/main-mutor,$E/main-multiTokenHeads --out $E/main
lr=$(python3 experiments/logs/pick-lr.py ntp $E/tune-lr 0.001 0.003)
mutor experiment --preset arithmetic-heads --method ntp --seeds 1,2,3 --set lr=$lr,steps=420 --out $E/ntp-1.4x
