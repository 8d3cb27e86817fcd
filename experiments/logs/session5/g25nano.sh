#!/bin/bash
# usage: g25nano.sh METHOD STEPS SEEDS [extra link params]
cd "$(dirname "$0")/../../.."
L="v=2&name=Star%20graph%20G(2,5)%20from%20nano&train=100000&test=500&model=nano&lr=0.003&warmup=200&eval=500&evaln=500&steps=$2$4"
tag=$(echo "$4" | tr -d '&=' )
LP_NUM_THREADS=1 exec node bin/mutor.js experiment --config "$L" --method $1 --seeds $3 --val 500 --checkpoint-every 500 --out experiments/star-nodes/g25-nano-$1-$2$tag
