#!/bin/bash
# Session 7, core B: B3's MuToR (lr 0.003, a 0.1, chosen on validation in session 6) on the test split to 5 seeds.
D="$(dirname "$0")"
"$D/arith1k.sh" test1k-mutor mutor 0,1,2,3,4 0.003 0.1 test
