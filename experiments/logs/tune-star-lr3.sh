#!/bin/bash
# Second arm of the star-graph learning-rate tuning (the first, lr 0.001, is the first loop pass of tune-star.sh).
cd /work/main
node bin/mutor.js experiment --preset star-graph --method ntp,mutor,multiTokenHeads --seeds 0 --steps 400 --val 200 \
  --set lr=0.003,eval=100 --out experiments/star-d2-l5/tune-lr0.003
