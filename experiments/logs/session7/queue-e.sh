#!/bin/bash
# Session 7, core A after the rerun of MuToR seed 0: B3's 940-step curves were flat only because the cosine schedule
# had decayed (the compute-matched NTP gained 6.5 points in 300 more steps), so both methods get a longer budget,
# 60 epochs (1,880 steps), on validation first (seed 0), to choose the number of epochs where validation peaks.
# Then G(2,5) NTP from small (the second model size of A0).
D="$(dirname "$0")"
"$D/arith1k.sh" val1k-ntp-1880 ntp 0 0.003 0.3 val 1880
"$D/arith1k.sh" val1k-mutor-1880 mutor 0 0.003 0.1 val 1880
"$D/g25small.sh" ntp 3000 0
