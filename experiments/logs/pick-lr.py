#!/usr/bin/env python3
"""Prints the learning rate chosen for one method from its tuning runs on the validation split.

usage: pick-lr.py <method> <tune-dir-prefix> <lr> [<lr> ...]
Reads <prefix><lr>/run-<method>-seed0.json for each lr. Rule (the same for every method): best validation exact
match at the last evaluation, ties broken by validation next-token accuracy, then by the smaller learning rate.
"""
import json
import sys

method, prefix, lrs = sys.argv[1], sys.argv[2], sys.argv[3:]
best = None
for lr in lrs:
    with open(f'{prefix}{lr}/run-{method}-seed0.json') as f:
        last = json.load(f)['evals'][-1]
    key = (last['testAccuracy'], last['nextTokenAccuracy'], -float(lr))
    if best is None or key > best[0]:
        best = (key, lr)
print(best[1])
