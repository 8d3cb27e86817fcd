#!/bin/bash
# Arithmetic (GSM8K analogue) from the nano base model: NTP vs MuToR vs Multi-Token heads, paper math setting
# (d_max 4, a 0.3, lr 1e-3: the preset's values, not tuned), 200 steps at batch 32, seeds 1-3 (seed-major: each
# method's seed 1 first), scored on the first 100 test examples every 100 steps.
cd /work/main
node bin/mutor.js experiment --preset arithmetic-heads --seeds 1,2,3 --steps 200 \
  --set model=nano,eval=100 --out experiments/arith-nano/main
