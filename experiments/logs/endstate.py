#!/usr/bin/env python3
"""End-state rows from saved runs: python3 experiments/logs/endstate.py DIR [DIR...]

One row per method over its seeds: final exact match (mean ± std, min, max), the best evaluation and its step, and
whether the curve had flattened (the change of exact match over the last quarter of the run, in points), then the
Clever Hans diagnostics of the last evaluation when the task has them (star graph): decision generated /
teacher-forced, rest teacher-forced, next-token accuracy against its no-planning ceiling. Then one line per run with
its share link.
"""
import glob, json, statistics, sys

NAMES = {'ntp': 'NTP', 'mutor': 'MuToR', 'multiTokenHeads': 'Multi-Token heads', 'teacherless': 'Teacherless'}


def pct(x):
    return f'{x * 100:.1f}'


def spread(xs):
    sd = statistics.stdev(xs) if len(xs) > 1 else 0.0
    return f'{statistics.mean(xs):.1f} ± {sd:.1f} ({min(xs):.1f}, {max(xs):.1f})'


def last_quarter_change(evals):
    """Exact match at the end minus exact match at the last evaluation at or before 3/4 of the run, in points."""
    end = evals[-1]
    before = [e for e in evals if e['step'] <= 0.75 * end['step']]
    return (end['testAccuracy'] - (before[-1] if before else evals[0])['testAccuracy']) * 100


runs = {}
for d in sys.argv[1:]:
    for f in sorted(glob.glob(f'{d}/run-*-seed*.json')):
        r = json.load(open(f))
        runs.setdefault(r['method'], []).append(r)

runs = {m: runs[m] for m in sorted(runs, key=lambda m: list(NAMES).index(m) if m in NAMES else len(NAMES))}
diag = any('answerDiagnostics' in r['evals'][-1] for rs in runs.values() for r in rs)
head = '| method | seeds | final exact match % | best % (step) | last-quarter change (points) |'
rule = '|---|---|---|---|---:|'
if diag:
    head += ' decision gen. % | decision t.-f. % | rest t.-f. % | next-token % / ceiling % |'
    rule += '---:|---:|---:|---:|'
print(head)
print(rule)
for m, rs in runs.items():
    rs.sort(key=lambda r: r['seed'])
    final = [r['summary']['testAccuracy'] * 100 for r in rs]
    best = [max(r['evals'], key=lambda e: e['testAccuracy']) for r in rs]
    change = [last_quarter_change(r['evals']) for r in rs]
    row = (f"| {NAMES.get(m, m)} | {','.join(str(r['seed']) for r in rs)} | {spread(final)} | "
           f"{', '.join(pct(b['testAccuracy']) + ' (' + str(b['step']) + ')' for b in best)} | {', '.join(format(c, '+.1f') for c in change)} |")
    if diag:
        ds = [r['evals'][-1].get('answerDiagnostics') for r in rs]
        mean = lambda k: statistics.mean(d[k] for d in ds) * 100
        nt = statistics.mean(r['evals'][-1]['nextTokenAccuracy'] for r in rs) * 100
        row += f" {mean('generatedDecision'):.1f} | {mean('teacherForcedDecision'):.1f} | {mean('teacherForcedRest'):.1f} | {nt:.1f} / {mean('nextTokenCeiling'):.1f} |"
    print(row)
print()
for m, rs in runs.items():
    for r in rs:
        s = r['summary']
        print(f"- {NAMES.get(m, m)} seed {r['seed']}: `{r['link']}` → {s['testAccuracy'] * 100:.1f}% ({r['split']}), "
              f"{s['steps']} steps, {s['tokens']:,} tokens, {r['wallMs'] / 1000:.0f} s")
