#!/usr/bin/env python3
"""The same 40-step arithmetic runs (nano, seed 0, NTP and MuToR) on lavapipe and on the H200: the largest relative
difference of every logged loss, and both runs' evaluations. usage: python3 experiments/logs/session10/parity.py"""
import json, os
here = os.path.join(os.path.dirname(__file__), '..', '..', 'h200', 'exp')
for m in ('ntp', 'mutor'):
    a, b = (json.load(open(os.path.join(here, d, f'run-{m}-seed0.json'))) for d in ('parity-lavapipe', 'parity'))
    worst = max(abs(x[k] - y[k]) / abs(x[k]) for x, y in zip(a['steps'], b['steps'], strict=True)
                for k in ('loss', 'ntpLoss', 'auxLoss') if x.get(k) is not None)
    ev = lambda r: [(e['step'], e['testAccuracy'], round(e['nextTokenAccuracy'], 6)) for e in r['evals']]
    print(f"{m}: {len(a['steps'])} logged steps, largest relative loss difference {worst:.2e}; "
          f"evals lavapipe {ev(a)}, H200 {ev(b)}")
    print(f"  {a['adapter']}\n  {b['adapter']}")
