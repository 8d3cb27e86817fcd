#!/bin/bash
# Reproducibility check: rerun one finished row (star graph from nano, NTP, lr 0.003, seed 0, validation 200) into a
# fresh folder and compare its losses and accuracies with the first run's.
cd /work/main
node bin/mutor.js experiment --preset star-graph --method ntp --seeds 0 --steps 400 --val 200 \
  --set model=nano,lr=0.003,eval=400 --out experiments/verify/star-nano-ntp-lr0.003
