#!/bin/bash
# The long browser check's experiments (e2e/browserCheck.ts: the presets' NTP run at batch 8) in Node, to read beside
# the page's numbers (npx playwright test --config e2e/long.config.ts). Resumable.
set -e
cd "$(dirname "$0")/../.."
npx tsx e2e/browserCheck.ts | while read -r id link; do
  node bin/mutor.js experiment --config "${link}" --seeds 1 --out experiments/browser-check/${id%:}
done
