#!/bin/bash
# lr grid on validation for both methods (0.003 ran in session 5).
S="$(dirname "$0")/arith1k.sh"
for lr in 0.001 0.01; do
  for m in ntp mutor; do "$S" small1k-$m-lr$lr $m 0 $lr 0.3 val; done
done
