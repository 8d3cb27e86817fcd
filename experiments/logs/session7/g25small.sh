#!/bin/bash
# Star graph G(2,5) fine-tuned from the pretrained `small` (2.7M parameters), the second model size of A0 (which used
# nano, 0.2M): the paper's setting is a fine-tuned pretrained model. Same link as A0 but model=small; checkpoints every
# 250 steps so the run continues across sessions (rerun the same command).
# usage: g25small.sh METHOD STEPS SEEDS [LR]   (LR default 0.003, A0's; another LR goes into the folder's name)
cd "$(dirname "$0")/../../.."
lr=${4:-0.003}; tag=; [ -n "$4" ] && tag="-lr$4"
L="v=2&name=Star%20graph%20G(2,5)%20from%20small&train=100000&test=500&model=small&lr=$lr&warmup=200&eval=500&evaln=500&steps=$2"
LP_NUM_THREADS=1 exec node bin/mutor.js experiment --config "$L" --method $1 --seeds $3 --val 500 --checkpoint-every 250 --out experiments/star-nodes/g25-small-$1-$2$tag
