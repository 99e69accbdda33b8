#!/usr/bin/env bash
# Builds portlab's two images from this checkout, seeding the base images first when no registry serves them:
#
#   portlab         the root Dockerfile: portlab with nginx and iproute2 (the netns driver inside a container;
#                   the docker driver's client host and sidecar)
#   portlab-nginx   docker/nginx/Dockerfile: the docker driver's server host
#
# Each image carries a `portlab.source` label: a hash of its build inputs (files and base image). An image whose
# label matches is reused, so calling this again is cheap; CI calls it before the tests, and the Docker test
# calls it too. Superseded portlab images and build stages are removed (only those, by label).
#
# Usage: bash docker/build-images.sh        (as root or a user of the Docker engine; seeding needs root)
# PORTLAB_IMAGE / PORTLAB_NGINX_IMAGE override the tags (default portlab:latest, portlab-nginx:latest).
set -euo pipefail
cd "$(dirname "$0")/.."

portlab_image=${PORTLAB_IMAGE:-portlab:latest}
nginx_image=${PORTLAB_NGINX_IMAGE:-portlab-nginx:latest}

say() { echo "build-images: $*" >&2; }

docker info >/dev/null 2>&1 || {
  say "no Docker engine answers (start one: sudo portlab doctor --fix docker, or Docker Desktop)"
  exit 3
}

# Seeds only what is neither present nor pullable.
if ! docker image inspect debian:bookworm-slim node:24-bookworm-slim >/dev/null 2>&1; then
  bash docker/seed-base-images.sh
fi

# Hash of the named files (directories walked, .dockerignore'd build outputs excluded) and of the base image.
source_hash() {
  local base=$1
  shift
  {
    docker image inspect -f '{{.Id}}' "$base"
    find "$@" -type f -not -path '*/node_modules/*' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
  } | sha256sum | cut -c1-16
}

# build TAG HASH CONTEXT [docker build options…]: skipped when TAG already carries HASH.
build() {
  local tag=$1 hash=$2 context=$3
  shift 3
  local current
  current=$(docker image inspect -f '{{index .Config.Labels "portlab.source"}}' "$tag" 2>/dev/null || true)
  if [ "$current" = "$hash" ]; then
    say "$tag is up to date ($hash)"
    return
  fi
  say "building $tag ($hash)"
  local started=$SECONDS
  # --force-rm: a step that fails leaves no stopped container behind (the legacy builder keeps it otherwise).
  docker build -q --force-rm --label "portlab.source=$hash" -t "$tag" "$@" "$context" >/dev/null
  say "$tag built in $((SECONDS - started)) s"
}

portlab_hash=$(source_hash node:24-bookworm-slim Dockerfile .dockerignore package.json package-lock.json \
  tsconfig.json native scripts/build-native.mjs scripts/bundle-cli.mjs scripts/prepare.mjs src scenarios docker/portlab.sh docker/nginx)
nginx_hash=$(source_hash debian:bookworm-slim docker/nginx/Dockerfile)

# The build stages get a tag too, so the legacy builder's cache (npm ci, the docker CLI) survives the pruning below.
portlab_repository=$portlab_image
[[ ${portlab_image##*/} == *:* ]] && portlab_repository=${portlab_image%:*}
build "$portlab_repository:build" "$portlab_hash" . --target build
build "$portlab_repository:docker-cli" "$portlab_hash" . --target docker-cli
build "$portlab_image" "$portlab_hash" .
build "$nginx_image" "$nginx_hash" docker/nginx

# Untagged leftovers of earlier builds of these Dockerfiles, and nothing else (prune skips images in use).
docker image prune -f --filter label=portlab.image >/dev/null
docker image prune -f --filter label=portlab.stage=build >/dev/null
docker image ls --filter label=portlab.image --format '{{.Repository}}:{{.Tag}}  {{.Size}}' >&2
