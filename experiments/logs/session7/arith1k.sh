#!/bin/bash
# Arithmetic, 1,000 training problems (EXPERIMENTS.md B3), now with the step budget as an argument for the
# compute-matched NTP (MuToR's registers add 1.32x the tokens: 940 -> 1241 steps).
# usage: arith1k.sh OUTNAME METHOD SEEDS LR A SPLIT [STEPS]  (SPLIT: val = last 500 of train=1500; test = train=1000)
cd "$(dirname "$0")/../../.."
case "$6" in
  val) data="train=1500&test=500"; flag="--val 500";;
  test) data="train=1000&test=500"; flag="";;
  *) echo "SPLIT must be val or test" >&2; exit 2;;
esac
L="v=1&name=MuToR%20vs%20NTP,%20arithmetic&task=arithmetic&model=nano&dmin=1&a=$5&$data&evaln=500&steps=${7:-940}&eval=94&lr=$4"
LP_NUM_THREADS=1 exec node bin/mutor.js experiment --config "$L" --method $2 --seeds $3 $flag --checkpoint-every 200 --out experiments/arith-end/$1
