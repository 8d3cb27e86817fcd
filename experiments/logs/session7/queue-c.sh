#!/bin/bash
# Session 7, core A after the compute-matched NTP: MuToR seed 0 of B3 again at this session's code (seeds 0-2 ran at
# 4773e6c/bbba998, seeds 3-4 at 3833a42 after the kernel merge): same number or not, then G(2,5) NTP from small.
D="$(dirname "$0")"
"$D/arith1k.sh" repro-mutor-3833a42 mutor 0 0.003 0.1 test
"$D/g25small.sh" ntp 3000 0
