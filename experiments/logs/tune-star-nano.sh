#!/bin/bash
# Star graph d2 l5 from the nano base model: lr $1 for each method, seed 0, scored on 200 examples carved from train,
# one evaluation at the end (eval=400) to save time.
cd /work/main
node bin/mutor.js experiment --preset star-graph --method ntp,mutor,multiTokenHeads --seeds 0 --steps 400 --val 200 \
  --set model=nano,lr=$1,eval=400 --out experiments/star-d2-l5-nano/tune-lr$1
