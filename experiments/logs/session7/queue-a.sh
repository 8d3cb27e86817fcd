#!/bin/bash
# Session 7, core A: B3's NTP on the test split to 5 seeds, then the compute-matched NTP (1241 steps, 5 seeds).
D="$(dirname "$0")"
"$D/arith1k.sh" test1k-ntp ntp 0,1,2,3,4 0.003 0.3 test
"$D/arith1k.sh" test1k-ntp-matched ntp 0,1,2,3,4 0.003 0.3 test 1241
