#!/bin/bash
# Core B of session 6: EXPERIMENTS.md C, the Fashion-MNIST comparison at 3 seeds (issue 16 item 6), on the test split
# (nothing is chosen on it: the preset's settings are fixed and untuned).
cd "$(dirname "$0")/../../.."
LP_NUM_THREADS=1 node bin/mutor.js experiment --preset fashion-mnist --seeds 1,2,3 --checkpoint-every 100 --out experiments/fashion-mnist
