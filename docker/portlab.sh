#!/bin/sh
# `portlab` inside the portlab image (installed as /usr/local/bin/portlab, the ENTRYPOINT).
#
# Docker mounts /proc/sys read-only, and `ip netns exec` remounts /sys but not /proc, so the netns driver could
# not set the kernel parameters of the namespaces it creates (EROFS). Everything under /proc/sys/net belongs to
# the container's own network namespace, or to portlab's namespaces inside it: Docker lets `--sysctl net.*` set
# those for the same reason. With CAP_SYS_ADMIN that one subtree is made writable; kernel.*, vm.* and the rest
# (the host's) stay read-only. Without the capability (the docker driver's client host, whose parameters come
# from `docker run --sysctl`) nothing changes.
if [ ! -w /proc/sys/net/ipv4/ip_local_port_range ]; then
  mount --bind /proc/sys/net /proc/sys/net 2>/dev/null &&
    mount -o remount,bind,rw /proc/sys/net 2>/dev/null
fi
# The results belong to whoever owns the mounted directory they go to (the user who ran docker): the working
# directory given with -w, else /results. portlab writes them as that user, as it does for a sudo user, and
# accepts that directory as theirs.
results_home=$PWD
[ "$results_home" = / ] && results_home=/results
if [ -z "${SUDO_UID:-}" ] && [ -d "$results_home" ]; then
  owner=$(stat -c %u:%g "$results_home")
  case "$owner" in 0:*) ;; *) export SUDO_UID="${owner%%:*}" SUDO_GID="${owner##*:}" ;; esac
fi
exec node /opt/portlab/dist/cli/main.js "$@"
