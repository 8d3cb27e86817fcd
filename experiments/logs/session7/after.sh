#!/bin/bash
# usage: after.sh PID CMD...   runs CMD once process PID has exited (chains a queue after one already running).
while kill -0 "$1" 2>/dev/null; do sleep 30; done
shift; exec "$@"
