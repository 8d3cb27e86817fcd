#!/bin/bash
# Arithmetic (GSM8K analogue) from the nano base model: NTP vs MuToR vs Multi-Token heads, paper math setting
# (d_max 4, a 0.3), 300 steps at batch 32, seeds 1-3, scored on the 100 first test examples.
cd /work/main
node bin/mutor.js experiment --preset arithmetic-heads --seeds 1,2,3 --steps 300 \
  --set model=nano,eval=100 --out experiments/arith-nano/main
