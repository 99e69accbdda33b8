#!/bin/sh
# portlab in CI: run each scenario, compare it with its committed baseline (baselines/<scenario>/summary.json),
# and fail on a broken threshold or a regression. Any CI with a Linux machine, root, nginx and iproute2 can run it;
# the GitHub Actions workflow (.github/workflows/portlab.yml) does.
#
#   sudo sh scripts/portlab-ci.sh [SCENARIO ...]     default: short-vs-pooled notes-claims
#
# Writes ci-results/<scenario>/ (or $PORTLAB_CI_OUT/<scenario>/): the run's files with report.html,
# thresholds.xml and compare.xml (JUnit), compare.md (for a pull-request comment).
# Exit: 0 all good; 4 a threshold failed or a metric regressed; otherwise portlab's own exit code
# (2 bad input, 3 environment, 130/143 interrupted).
set -u
cd "$(dirname "$0")/.." || exit 1
out="${PORTLAB_CI_OUT:-ci-results}"
node="${NODE:-node}"
[ "$#" -gt 0 ] || set -- short-vs-pooled notes-claims
[ -f dist/cli/main.js ] || { echo "portlab-ci: build first (npm ci && npm run build)" >&2; exit 1; }

status=0
keep() { # the first failure decides the exit code
  if [ "$1" -ne 0 ] && [ "$status" -eq 0 ]; then status=$1; fi
}

for scenario in "$@"; do
  dir="$out/$scenario"
  echo "== portlab run scenarios/$scenario.yaml"
  "$node" dist/cli/main.js run "scenarios/$scenario.yaml" --out "$dir" --junit "$dir/thresholds.xml"
  code=$?
  case "$code" in 130 | 143) exit "$code" ;; esac
  keep "$code"
  if [ ! -f "$dir/summary.json" ]; then
    echo "portlab-ci: $scenario left no summary.json (exit $code)" >&2
    continue
  fi
  echo "== portlab compare baselines/$scenario $dir"
  "$node" dist/cli/main.js compare "baselines/$scenario" "$dir" --scenario "scenarios/$scenario.yaml" \
    --junit "$dir/compare.xml"
  keep $?
  "$node" dist/cli/main.js compare "baselines/$scenario" "$dir" --scenario "scenarios/$scenario.yaml" \
    --markdown >"$dir/compare.md"
done
exit "$status"
