#!/bin/bash
# G(2,5) from the pretrained nano (EXPERIMENTS.md A0): usage: g25nano.sh OUTNAME METHOD STEPS SEEDS [extra link params, e.g. "&k.reverse=1"]
cd "$(dirname "$0")/../../.."
L="v=2&name=Star%20graph%20G(2,5)%20from%20nano&train=100000&test=500&model=nano&lr=0.003&warmup=200&eval=500&evaln=500&steps=$3$5"
LP_NUM_THREADS=1 exec node bin/mutor.js experiment --config "$L" --method $2 --seeds $4 --val 500 --checkpoint-every 500 --out experiments/star-nodes/$1
