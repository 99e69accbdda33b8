#!/bin/sh
# One curl process per request: a new connection each time, closed by curl as it exits (TIME_WAIT stays on the
# client). portlab gives the target in PORTLAB_TARGET_URL and stops the loop at the end of the run (SIGTERM).
# Run it with: portlab run --client-command './examples/command-client/curl-loop.sh' --client-errors strace
while :; do
  curl -s -o /dev/null "$PORTLAB_TARGET_URL" || echo "curl: exit $? (7: could not connect)"
  sleep "${PAUSE:-0.005}"
done
