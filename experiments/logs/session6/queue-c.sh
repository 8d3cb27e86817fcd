#!/bin/bash
# Core B after the Fashion-MNIST seeds: arithmetic B3 on the test split for NTP at its validation choice (lr 0.003),
# seeds 0-2; then the compute-matched NTP of section C (774 steps = 1.29x, the tokens MuToR's registers add).
D="$(dirname "$0")"
"$D/arith1k.sh" test1k-ntp ntp 0,1,2 0.003 0.3 test
cd "$D/../../.." && LP_NUM_THREADS=1 node bin/mutor.js experiment --preset fashion-mnist-ntp --seeds 1,2,3 --steps 774 --checkpoint-every 100 --out experiments/fashion-mnist-ntp-matched
