#!/bin/bash
# Runs a file of `mutor experiment` jobs at once on a lent GPU machine until they end or the deadline, packing
# $OUT/r.tar.xz every 30 s (a call stopped at its limit still brings back the last pack) and at the end. Checkpoints
# stay on the machine (too large to bring back): a second call on the same warm machine resumes every job.
# Jobs file: one job per line, `NAME METHOD SEEDS LINK [more experiment flags]`; '#' lines are skipped.
# usage (on the device, in the repository root, carrying .dev from scripts/device/pack.sh):
#   bash scripts/device/run-queue.sh JOBS_FILE DEADLINE_S
set -u
T0=$(date +%s); JOBS=$1; END=$2
source "$(dirname "$0")/setup.sh"
pack() { tar -C /tmp -cJf "$OUT/r.tmp" --exclude='ckpt-*' r && mv "$OUT/r.tmp" "$OUT/r.tar.xz"; }
grep -v '^\s*\(#\|$\)' "$JOBS" | while read -r name method seeds link flags; do
  # shellcheck disable=SC2086  # flags are words
  (timeout $((END - ($(date +%s) - T0))) $N $M experiment --config "$link" --method "$method" --seeds "$seeds" $flags \
    --out $R/exp/$name >> $R/logs/$name.log 2>&1; say "job $name ended: rc $?") &
done
while [ $(( $(date +%s) - T0 )) -lt "$END" ] && pgrep -f mutor.mjs > /dev/null; do sleep 30; pack; done
pkill -f mutor.mjs; sleep 1
for f in $R/logs/*.log; do echo "== $(basename "$f")"; grep -E 'eval @|done:' "$f" | tail -2; done
pack; say "packed $(du -h "$OUT/r.tar.xz" | cut -f1)"
