#!/bin/bash
# Session 7, after G(2,5) from small at A0's lr 0.003 did not learn to follow edges in 2,000 steps (rest 37-41%, where
# nano reached 100%): lr 0.001 (small's pretraining lr) for both methods, 1,500 steps, validation. usage: queue-f.sh METHOD
"$(dirname "$0")/g25small.sh" $1 1500 0 0.001
