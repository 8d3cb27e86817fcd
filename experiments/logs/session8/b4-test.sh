#!/bin/bash
# Session 8, B4 on the test split: both methods at the end-state budget (1,880 steps = 60 epochs of 1,000 problems,
# where NTP's validation curve is flat from step 1,034 and MuToR's from about 940), 5 seeds each, everything else as B3.
# Resumable: rerun the same command (saved seeds are skipped, checkpoints every 200 steps resume).
# usage: b4-test.sh METHOD [SEEDS]
exec "$(dirname "$0")/../session7/arith1k.sh" test1k-$1-1880 $1 ${2:-0,1,2,3,4} 0.003 0.1 test 1880
