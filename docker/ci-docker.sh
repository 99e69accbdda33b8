#!/usr/bin/env bash
# Makes a Docker engine answer on a fresh Debian CI machine and builds portlab's images, for .ci/run:
#
#   bash docker/ci-docker.sh      (as root; before `npm test`)
#
# It must run before the test suite takes its host snapshot: dockerd changes the host itself (docker0 bridge,
# iptables rules, net.ipv4.ip_forward=1), and that is the engine's doing, not portlab's.
#   1. docker.io from Debian when the docker CLI is missing (~10 s);
#   2. dockerd in the background when `docker info` gets no answer (no init system here), then waits for it;
#   3. docker/build-images.sh: seeds debian:bookworm-slim and node:20-bookworm-slim offline when no registry
#      serves them, then builds portlab and portlab-nginx (reused while their sources are unchanged).
set -euo pipefail
cd "$(dirname "$0")/.."

readonly DOCKERD_LOG=/var/log/portlab-dockerd.log

if ! command -v docker >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  # Detached from this shell (setsid) so it outlives .ci/run's steps; it starts its own containerd.
  setsid dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  if ! docker info >/dev/null 2>&1; then
    tail -n 30 "$DOCKERD_LOG" >&2
    echo "ci-docker: dockerd did not answer within 60 s (log: $DOCKERD_LOG)" >&2
    exit 3
  fi
fi

bash docker/build-images.sh
