#!/bin/bash
# Arithmetic, 1,000 training problems (section B2/B3 of EXPERIMENTS.md): session 7's script at its default 940 steps.
# usage: arith1k.sh OUTNAME METHOD SEEDS LR A SPLIT      (SPLIT: val = last 500 of train=1500; test = train=1000, test split)
exec "$(dirname "$0")/../session7/arith1k.sh" "$1" "$2" "$3" "$4" "$5" "$6"
