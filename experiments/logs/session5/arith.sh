#!/bin/bash
# usage: arith.sh OUTNAME METHOD SEEDS "link params" [--val 500]
cd "$(dirname "$0")/../../.."
L="v=1&name=MuToR%20vs%20NTP,%20arithmetic&task=arithmetic&model=nano&dmin=1&a=0.3&$4"
LP_NUM_THREADS=1 exec node bin/mutor.js experiment --config "$L" --method $2 --seeds $3 $5 --checkpoint-every 200 --out experiments/arith-end/$1
