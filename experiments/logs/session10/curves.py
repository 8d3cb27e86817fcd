#!/usr/bin/env python3
"""Validation curves of the H200 research runs, read from their logs (the runs were cut by the device time, so no
run-*.json was written; every evaluation is in the log). usage: python3 experiments/logs/session10/curves.py"""
import glob, os, re

here = os.path.join(os.path.dirname(__file__), '..', '..', 'h200', 'logs')
pat = re.compile(r'eval @(\d+): validation exact match ([\d.]+)%, next-token ([\d.]+)%(?:; decision (\d+)% generated.*?rest (\d+)%)?')
for group in ('arith-small-val', 'g25-small'):
    print(f'## {group}')
    for f in sorted(glob.glob(os.path.join(here, group + '-*.log'))):
        evals = {}
        for m in pat.finditer(open(f).read()):
            evals[int(m[1])] = m.groups()[1:]  # a resumed run repeats the evaluation it resumed at: same step, same key
        steps = sorted(evals)
        last = evals[steps[-1]]
        tail = [float(evals[s][0]) for s in steps if s >= steps[-1] * 0.75]
        print(f"{os.path.basename(f)[:-4]:34} reached step {steps[-1]:5}: exact {last[0]:>5}% next-token {last[1]}%"
              + (f' decision {last[2]}% rest {last[3]}%' if last[2] else '')
              + f"; best {max(float(v[0]) for v in evals.values())}%; last quarter {min(tail)}-{max(tail)}%")
        print('   ', ' '.join(f'{s}:{evals[s][0]}' for s in steps))
