#!/usr/bin/env bash
# What strace (as portlab runs it for a command client's `errors: strace`) costs a client: a connect loop
# (test/fixtures/command-client/connect-loop.mjs: 8 in flight, RST close, COUNT connections; REQUEST=1 adds an
# HTTP request on each) run plainly, under strace, and under strace --seccomp-bpf (what portlab uses), ROUNDS
# times interleaved, in a network namespace of its own with a Node HTTP server. For each it prints the rate and
# the CPU time (user + system, the client and strace together) per connection, then the medians. CPU per
# connection is the steadier figure on a shared machine; the rate moves with whatever else runs.
# strace runs without -D here so that its CPU time is counted with the client's.
# Usage: sudo bash scripts/strace-overhead.sh [ROUNDS] [COUNT]   (root: it makes a namespace; needs strace)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
count=${2:-20000}
loop=test/fixtures/command-client/connect-loop.mjs
ns=portlab-strace-overhead-$$
tmp=$(mktemp)
ip netns add "$ns"
trap 'ip netns pids "$ns" | xargs -r kill -9; ip netns del "$ns"; rm -f "$tmp"' EXIT
ip -n "$ns" link set lo up
ip netns exec "$ns" node -e 'require("node:http").createServer((q, s) => s.end("ok")).listen(8080, "127.0.0.1")' &
disown
sleep 0.5
trace=(strace -f -qq -e trace=connect -e status=failed -e signal=none -ttt -o /dev/null)
# run WAY [command prefix…]: prints "WAY RATE CPU_US_PER_CONNECTION"
run() {
  local way=$1
  shift
  local out
  out=$({ /usr/bin/time -f "cpu %U %S" ip netns exec "$ns" env PORTLAB_TARGET_HOST=127.0.0.1 \
    PORTLAB_TARGET_PORT=8080 COUNT="$count" DURATION_MS=600000 REQUEST="${REQUEST:-0}" "$@" node "$loop"; } 2>&1)
  local rate cpu
  rate=$(sed -n 's/.*"perSec":\([0-9]*\).*/\1/p' <<<"$out")
  cpu=$(awk '/^cpu/ { printf "%d", ($2 + $3) * 1000000 / '"$count"' }' <<<"$out")
  echo "$way $rate $cpu"
}
for round in $(seq "$rounds"); do
  {
    run plain
    run strace "${trace[@]}" --
    run seccomp "${trace[@]}" --seccomp-bpf --
  } | tee -a "$tmp" | awk -v r="$round" '{ printf "round %s: %-8s %6d connections/s  %4d us CPU per connection\n", r, $1, $2, $3 }'
done
median() { sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
for way in plain strace seccomp; do
  rate=$(awk -v w="$way" '$1 == w { print $2 }' "$tmp" | median)
  cpu=$(awk -v w="$way" '$1 == w { print $3 }' "$tmp" | median)
  echo "median $way: $rate connections/s, $cpu us CPU per connection"
done
