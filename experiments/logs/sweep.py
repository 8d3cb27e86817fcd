#!/usr/bin/env python3
"""Markdown rows of a sweep: python3 experiments/logs/sweep.py METHOD 'LABEL=DIR' ['LABEL=DIR' ...]

One row per LABEL over the seeds of METHOD's runs in DIR: held-out exact match (mean ± sample std, min, max), teacher-
forced next-token accuracy, and the registers' / heads' teacher-forced accuracy by offset d (means over seeds).
Only the seeds present in every DIR are used, so each row averages the same seeds.
"""
import glob, json, statistics, sys

method, pairs = sys.argv[1], [a.split('=', 1) for a in sys.argv[2:]]
runs = {}
for label, d in pairs:
    for f in glob.glob(f'{d}/run-{method}-seed*.json'):
        r = json.load(open(f))
        runs.setdefault(label, {})[r['seed']] = r
common = sorted(set.intersection(*(set(runs.get(label, {})) for label, _ in pairs)))
print(f'seeds: {",".join(map(str, common))}\n')
print('| setting | exact match % mean ± std (min, max) | next-token acc % | accuracy by offset d = 1, 2, ... % | wall s/run |')
print('|---|---|---:|---|---:|')
for label, _ in pairs:
    rs = [runs[label][s] for s in common]
    if not rs:
        continue
    acc = [r['summary']['testAccuracy'] * 100 for r in rs]
    nt = statistics.mean(r['evals'][-1]['nextTokenAccuracy'] * 100 for r in rs)
    horizons = [r['evals'][-1].get('horizonAccuracy') or [] for r in rs]
    by_d = [statistics.mean(h[i] for h in horizons) * 100 for i in range(min(map(len, horizons))) if all(h[i] is not None for h in horizons)]
    sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
    print(f'| {label} | {statistics.mean(acc):.1f} ± {sd:.1f} ({min(acc):.1f}, {max(acc):.1f}) | {nt:.1f} | '
          f'{", ".join(f"{x:.1f}" for x in by_d)} | {statistics.mean(r["wallMs"] for r in rs) / 1000:.0f} |')
