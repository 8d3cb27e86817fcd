#!/bin/bash
# Session 10's one call on a lent NVIDIA H200 (the device tool: 15 minutes of device time in all), Dawn in Node on a
# real GPU for the first time. Needs .dev/ from scripts/device/pack.sh carried beside the working tree.
#  1. `mutor info` must name the NVIDIA adapter, else it stops at once (a retry costs a fresh machine);
#  2. parity: the 40-step arithmetic NTP and MuToR runs of experiments/h200/logs/parity-lavapipe.log (nano, seed 0), compared by parity.py;
#  3. PyTorch's fp32 matmul without TF32 (the GPU's practical fp32 peak) and `mutor bench` (dispatch, matmul,
#     scaling 0.2M-10M, method-cost), each group under its own time limit;
#  4. the research runs that need a GPU (EXPERIMENTS.md A0 "the second model size", B4 on `small`), 8 at once, until
#     the deadline; a run that did not finish is read from its log (every evaluation is printed).
# Everything lands in $OUT/r.tar.xz: logs, bench JSON, run folders without checkpoints.
# usage (on the device, carrying .dev): bash experiments/logs/session10/h200.sh [DEADLINE_S]
set -u
T0=$(date +%s); END=${1:-470}
pack() { pkill -f mutor.mjs; sleep 1; tar -C /tmp -cJf "$OUT/r.tar.xz" --exclude='ckpt-*' r; say "packed $(du -h "$OUT/r.tar.xz" | cut -f1)"; }
trap pack EXIT
# (as run, these steps were inline here; scripts/device/setup.sh holds them now, unchanged)
source scripts/device/setup.sh

# (as run, the parity runs, the fp32 peak and the bench groups were inline here; scripts/device/ holds them now)
source scripts/device/parity.sh
source scripts/device/bench.sh

A='v=1&name=MuToR%20vs%20NTP,%20arithmetic&task=arithmetic&model=small&dmin=1&a=0.1&train=1500&test=500&evaln=500&steps=1880&eval=94'
G='v=2&name=Star%20graph%20G(2,5)%20from%20small&train=100000&test=500&model=small&warmup=200&eval=500&evaln=500&steps=10000'
job() { # NAME METHOD LINK
  $N $M experiment --config "$3" --method $2 --seeds 0 --val 500 --out $R/exp/$1 > $R/logs/$1.log 2>&1; say "job $1 ended: rc $?"
}
say "research until ${END}s"
job g25-small-ntp-lr0.001 ntp "$G&lr=0.001" &
job g25-small-mutor-lr0.001 mutor "$G&lr=0.001" &
job g25-small-ntp-lr0.003 ntp "$G&lr=0.003" &
job g25-small-mutor-lr0.003 mutor "$G&lr=0.003" &
job arith-small-val-ntp-lr0.003 ntp "$A&lr=0.003" &
job arith-small-val-mutor-lr0.003 mutor "$A&lr=0.003" &
job arith-small-val-ntp-lr0.001 ntp "$A&lr=0.001" &
job arith-small-val-mutor-lr0.001 mutor "$A&lr=0.001" &
while [ $(( $(date +%s) - T0 )) -lt $END ] && [ -n "$(jobs -r)" ]; do sleep 5; done
say "deadline or all done; last lines:"
for f in $R/logs/g25-* $R/logs/arith-*; do echo "== $(basename $f)"; grep 'eval @' "$f" | tail -2; tail -1 "$f"; done
