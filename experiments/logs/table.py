#!/usr/bin/env python3
"""Markdown rows from saved runs: python3 experiments/logs/table.py DIR [DIR...] (one row per method over its seeds)."""
import glob, json, statistics, sys

rows = {}
for d in sys.argv[1:]:
    for f in sorted(glob.glob(f'{d}/run-*-seed*.json')):
        r = json.load(open(f))
        rows.setdefault(r['method'], []).append(r)
names = {'ntp': 'NTP', 'mutor': 'MuToR', 'multiTokenHeads': 'Multi-Token heads'}
print('| method | seeds | exact match % mean ± std (min, max) | next-token acc % (mean) | final next-token loss (mean) | steps | tokens/run | wall s/run (mean) |')
print('|---|---|---|---:|---:|---:|---:|---:|')
for m in ['ntp', 'mutor', 'multiTokenHeads']:
    rs = sorted(rows.get(m, []), key=lambda r: r['seed'])
    if not rs: continue
    acc = [r['summary']['testAccuracy'] * 100 for r in rs]
    nt = [r['evals'][-1]['nextTokenAccuracy'] * 100 for r in rs]
    loss = [r['steps'][-1]['ntpLoss'] for r in rs]
    sd = statistics.stdev(acc) if len(acc) > 1 else 0.0
    print(f"| {names[m]} | {','.join(str(r['seed']) for r in rs)} | {statistics.mean(acc):.1f} ± {sd:.1f} ({min(acc):.1f}, {max(acc):.1f}) | "
          f"{statistics.mean(nt):.1f} | {statistics.mean(loss):.4f} | {rs[0]['summary']['steps']} | {rs[0]['summary']['tokens']:,} | {statistics.mean(r['wallMs'] for r in rs)/1000:.0f} |")
print()
for m in ['ntp', 'mutor', 'multiTokenHeads']:
    for r in sorted(rows.get(m, []), key=lambda r: r['seed']):
        print(f"- {names[m]} seed {r['seed']}: `{r['link']}` → {r['summary']['testAccuracy']*100:.1f}%, next-token loss {r['steps'][-1]['ntpLoss']:.4f}")
