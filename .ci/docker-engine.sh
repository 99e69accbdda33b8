#!/usr/bin/env bash
# Makes a Docker engine answer on a Debian CI machine and builds portlab's images, for .ci/run (as root, before
# `npm test`):
#
#   bash .ci/docker-engine.sh
#
# It must run before the test suite takes its host snapshot: dockerd changes the host itself (docker0 bridge,
# iptables rules, net.ipv4.ip_forward=1), and that is the engine's doing, not portlab's.
#   1. the engine from Debian's docker.io when dockerd, containerd or runc is missing or broken, whatever docker
#      CLI is already on PATH (these machines ship a CLI in /usr/local/bin and no engine);
#   2. dockerd in the background when `docker info` gets no answer (no init system here), then waits for it;
#      an engine that answers is left alone;
#   3. docker/build-images.sh: seeds debian:bookworm-slim and node:24-bookworm-slim offline when no registry
#      serves them, then builds portlab and portlab-nginx (reused while their sources are unchanged).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=.ci/debian-packages.sh
. .ci/debian-packages.sh

readonly DOCKERD_LOG=/var/log/portlab-dockerd.log

engine_answers() { docker info >/dev/null 2>&1; }

if ! engine_answers; then
  ensure_packages docker.io=/usr/sbin/dockerd containerd=/usr/bin/containerd runc=/usr/sbin/runc
  # The client: any working docker CLI will do (the engine negotiates the API version); Debian's otherwise.
  docker --version >/dev/null 2>&1 || ensure_packages docker.io=/usr/bin/docker
  echo "docker-engine: starting $(/usr/sbin/dockerd --version)" >&2
  # Detached from this shell (setsid) so it outlives .ci/run's steps; it starts its own containerd.
  setsid /usr/sbin/dockerd >"$DOCKERD_LOG" 2>&1 </dev/null &
  for _ in $(seq 60); do
    engine_answers && break
    sleep 1
  done
  if ! engine_answers; then
    tail -n 30 "$DOCKERD_LOG" >&2
    echo "docker-engine: dockerd did not answer within 60 s (log: $DOCKERD_LOG)" >&2
    exit 3
  fi
fi
echo "docker-engine: engine $(docker version --format '{{.Server.Version}}') answers" >&2

bash docker/build-images.sh
