#!/bin/bash
# Core A after the lr grid: MuToR's lr and then its a chosen on validation (final exact match of the 1,000-problem
# runs), then MuToR on the test split at that choice, seeds 0-2.
D="$(dirname "$0")"; R="$D/../../.."
final() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['evals'][-1]['testAccuracy'])" "$R/experiments/arith-end/$1/run-mutor-seed0.json"; }
best=$(for lr in 0.001 0.003 0.01; do echo "$(final small1k-mutor-lr$lr) $lr"; done | sort -g | tail -n 1 | cut -d' ' -f2)
echo "MuToR lr on validation: $best"
"$D/arith1k.sh" small1k-mutor-lr$best-a0.1 mutor 0 $best 0.1 val
a=$(printf '%s 0.3\n%s 0.1\n' "$(final small1k-mutor-lr$best)" "$(final small1k-mutor-lr$best-a0.1)" | sort -g | tail -n 1 | cut -d' ' -f2)
echo "MuToR a on validation: $a"
"$D/arith1k.sh" test1k-mutor mutor 0,1,2 $best $a test
