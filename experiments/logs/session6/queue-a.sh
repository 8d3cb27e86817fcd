#!/bin/bash
# Core A of session 6: the reverse positive control, then the arithmetic lr grid on validation (0.003 ran in session 5).
D="$(dirname "$0")"
"$D/g25nano.sh" g25-nano-ntp-reverse-5000 ntp 5000 0 "&k.reverse=1"
for lr in 0.001 0.01; do
  for m in ntp mutor; do "$D/arith1k.sh" small1k-$m-lr$lr $m 0 $lr 0.3 val; done
done
