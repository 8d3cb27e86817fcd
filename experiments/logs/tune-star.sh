#!/bin/bash
# Star graph d2 l5, from scratch: lr in {1e-3, 3e-3} for each method, seed 0, scored on 200 examples carved from train.
cd /work/main
for lr in 0.001 0.003; do
  node bin/mutor.js experiment --preset star-graph --method ntp,mutor,multiTokenHeads --seeds 0 --steps 400 --val 200 \
    --set lr=$lr,eval=100 --out experiments/star-d2-l5/tune-lr$lr
done
