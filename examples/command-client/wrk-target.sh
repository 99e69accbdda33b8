#!/bin/sh
# wrk takes its URL as an argument, and portlab runs no shell to expand $PORTLAB_TARGET_URL in one: this script
# file (yours, not a scenario value) does it. Give the run a duration longer than -d, or wrk is stopped before it
# prints its results. -H 'Connection: close': nginx closes each connection first, so
# TIME_WAIT lands on the server, not here.
exec wrk -t1 -c16 -d10s -H 'Connection: close' "$PORTLAB_TARGET_URL"
