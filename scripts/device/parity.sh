# Sourced after setup.sh: the 40-step arithmetic runs (nano, seed 0, NTP and MuToR) whose lavapipe twins are in
# experiments/h200/exp/parity-lavapipe; compare with python3 experiments/logs/session10/parity.py once the folder
# $R/exp/parity is back as experiments/h200/exp/parity (session 10: 1.1e-6 relative).
L='v=2&name=parity&task=arithmetic&train=1000&test=500&model=nano&dmin=1&a=0.1&lr=0.003&steps=40&eval=40&evaln=100&seed=0'
timeout 90 $N $M experiment --config "$L" --method ntp,mutor --seeds 0 --out $R/exp/parity > $R/logs/parity.log 2>&1
say "parity: $(grep -c 'loss' $R/logs/parity.log) loss lines"; grep 'step 40\|eval @' $R/logs/parity.log
