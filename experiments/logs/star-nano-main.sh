#!/bin/bash
# Star graph d2 l5 from nano, main runs: waits for the two tuning arms, picks each method's lr on the validation
# split (best validation exact match, ties broken by validation next-token accuracy, then the smaller lr), then
# trains seeds given as $1 (e.g. "1") for every method, each method in its own folder (its own lr).
cd /work/main
T=experiments/star-d2-l5-nano
for m in ntp mutor multiTokenHeads; do
  for lr in 0.001 0.003; do while [ ! -f $T/tune-lr$lr/run-$m-seed0.json ]; do sleep 10; done; done
done
for m in ntp mutor multiTokenHeads; do
  lr=$(python3 - "$m" <<'PY'
import json, sys
m = sys.argv[1]
best = None
for lr in ['0.001', '0.003']:
    r = json.load(open(f'experiments/star-d2-l5-nano/tune-lr{lr}/run-{m}-seed0.json'))
    e = r['evals'][-1]
    key = (e['testAccuracy'], e['nextTokenAccuracy'], -float(lr))
    if best is None or key > best[0]: best = (key, lr)
print(best[1])
PY
)
  echo "$m: lr $lr"
  node bin/mutor.js experiment --preset star-graph --method $m --seeds $1 --steps 400 \
    --set model=nano,lr=$lr,eval=100 --out $T/main-$m
done
