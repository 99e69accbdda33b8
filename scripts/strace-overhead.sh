#!/usr/bin/env bash
# How much strace (as portlab runs it for a command client's `errors: strace`) slows a client down: the rate of a
# connect loop (test/fixtures/command-client/connect-loop.mjs, 8 in flight, RST close) without strace and under
# it, in ROUNDS interleaved rounds of SECONDS each, in a network namespace of its own with a Node HTTP server.
# Prints each round and the median connections/s of each way. REQUEST=1 adds one HTTP request per connection.
# Usage: sudo bash scripts/strace-overhead.sh [ROUNDS] [SECONDS]   (root: it makes a namespace; needs strace)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
seconds=${2:-4}
loop=test/fixtures/command-client/connect-loop.mjs
ns=portlab-strace-overhead-$$
ip netns add "$ns"
trap 'ip netns pids "$ns" | xargs -r kill -9; ip netns del "$ns"; rm -f "$tmp"' EXIT
tmp=$(mktemp)
ip -n "$ns" link set lo up
ip netns exec "$ns" node -e 'require("node:http").createServer((q, s) => s.end("ok")).listen(8080, "127.0.0.1")' &
sleep 0.5
trace=(strace -f -qq -DD -e trace=connect -e status=failed -e signal=none -ttt -o /dev/null)
run() {
  ip netns exec "$ns" env PORTLAB_TARGET_HOST=127.0.0.1 PORTLAB_TARGET_PORT=8080 \
    DURATION_MS=$((seconds * 1000)) REQUEST="${REQUEST:-0}" "$@" node "$loop" | sed -n 's/.*"perSec":\([0-9]*\).*/\1/p'
}
for round in $(seq "$rounds"); do
  plain=$(run)
  traced=$(run "${trace[@]}" --)
  seccomp=$(run "${trace[@]}" --seccomp-bpf --)
  echo "round $round: plain $plain/s, strace $traced/s, strace --seccomp-bpf $seccomp/s"
  echo "$plain $traced $seccomp" >>"$tmp"
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
p=$(cut -d' ' -f1 "$tmp" | median)
t=$(cut -d' ' -f2 "$tmp" | median)
s=$(cut -d' ' -f3 "$tmp" | median)
echo "median connections/s: plain $p, strace $t ($((100 * t / p))%), strace --seccomp-bpf $s ($((100 * s / p))%)"
