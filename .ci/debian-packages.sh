# shellcheck shell=bash
# Sourced by .ci/run and .ci/docker-engine.sh: installs a Debian package when the file portlab actually uses from
# it is missing, or when the package that owns that file is not fully installed.
#
#   ensure_packages PACKAGE=FILE ...
#
# FILE is the program (or header, font) itself, not a neighbour on PATH: a Docker CLI in /usr/local/bin says
# nothing about dockerd, and `cc` says nothing about the kernel headers. A package dpkg does not list as "ii"
# (half-installed, unpacked, config-files) is installed again, and so is one whose file was removed.

# The package that owns FILE, looked up under /usr and, for usrmerge'd paths (/usr/sbin/ip is /sbin/ip to dpkg),
# without it. Empty when no package owns it (a program dropped in by hand).
package_owning() {
  local file=$1 owner
  owner=$(dpkg-query -S "$file" 2>/dev/null || dpkg-query -S "${file#/usr}" 2>/dev/null || true)
  echo "${owner%%:*}"
}

package_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null)" = "ii " ]
}

# FILE is there and whatever package owns it is fully installed.
file_usable() {
  local file=$1 owner
  [ -e "$file" ] || return 1
  owner=$(package_owning "$file")
  [ -z "$owner" ] || package_installed "$owner"
}

ensure_packages() {
  local pair package file install=() reinstall=()
  for pair in "$@"; do
    package=${pair%%=*}
    file=${pair#*=}
    file_usable "$file" && continue
    if package_installed "$package"; then reinstall+=("$package"); else install+=("$package"); fi
  done
  [ ${#install[@]} -eq 0 ] && [ ${#reinstall[@]} -eq 0 ] && return 0
  echo "debian-packages: installing ${install[*]} ${reinstall[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  if [ ${#install[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${install[@]}" >/dev/null
  fi
  if [ ${#reinstall[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --reinstall "${reinstall[@]}" >/dev/null
  fi
  local missing=()
  for pair in "$@"; do file_usable "${pair#*=}" || missing+=("$pair"); done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "debian-packages: still missing after apt-get install: ${missing[*]}" >&2
    return 3
  fi
}
