#!/bin/bash
# One device call that checks the engine on a lent GPU: setup (loaders, NVIDIA adapter), the parity runs against
# lavapipe, the fp32 peak and every bench group; about 3 minutes on the H200. Everything in $OUT/r.tar.xz.
# usage (device, repository root, carrying .dev from scripts/device/pack.sh): bash scripts/device/check.sh
set -u
T0=$(date +%s)
pack() { tar -C /tmp -cJf "$OUT/r.tar.xz" --exclude='ckpt-*' r; say "packed $(du -h "$OUT/r.tar.xz" | cut -f1)"; }
trap pack EXIT
source "$(dirname "$0")/setup.sh"
source "$(dirname "$0")/parity.sh"
source "$(dirname "$0")/bench.sh"
