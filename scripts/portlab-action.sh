#!/usr/bin/env bash
# The steps of portlab's GitHub Action (action.yml), as one script any CI can run on a Linux machine with root:
# install portlab, run the scenario with --junit, compare it with the baseline, write the Markdown comparison to
# the job summary, and leave the run directory for upload.
#
# Inputs (environment):
#   PORTLAB_SCENARIO   the scenario file, relative to the working directory (required)
#   PORTLAB_BASELINE   a baseline run directory or summary.json (optional: without it the run is only checked
#                      against its thresholds, and the summary says how to make one)
#   PORTLAB_DRIVER     netns (default) or docker
#   PORTLAB_VERSION    what to install: an npm spec (a tarball, a git URL, a version); default: the package this
#                      script belongs to, packed with `npm pack`
#   PORTLAB_OUT        the run directory (default portlab-results/<scenario name>)
#   GITHUB_STEP_SUMMARY, GITHUB_OUTPUT   where GitHub reads the summary and the step's outputs (optional)
# Exit: 0 all good; 4 a threshold failed or a metric regressed; otherwise portlab's own exit code.
set -uo pipefail

say() { echo "portlab-action: $*" >&2; }
scenario=${PORTLAB_SCENARIO:?set PORTLAB_SCENARIO (the scenario input) to a scenario file}
[ -f "$scenario" ] || { say "scenario $scenario: no such file (paths are relative to $PWD)"; exit 2; }
driver=${PORTLAB_DRIVER:-netns}
case "$driver" in netns | docker) ;; *) say "driver $driver: use netns or docker"; exit 2 ;; esac
name=$(basename "$scenario"); name=${name%.*}
out=${PORTLAB_OUT:-portlab-results/$name}
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
here=$(cd "$(dirname "$0")/.." && pwd)

# portlab goes in a directory of its own, so it never lands in (or changes) the repository's package.json.
prefix=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/portlab-action.XXXXXX")
trap 'rm -rf "$prefix"' EXIT
spec=${PORTLAB_VERSION:-}
if [ -z "$spec" ]; then
  if [ ! -f "$here/dist/cli/main.js" ]; then
    (cd "$here" && npm ci --no-audit --no-fund && npm run build) >&2 || { say "building portlab failed"; exit 3; }
  fi
  spec=$(cd "$here" && npm pack --silent --pack-destination "$prefix") || { say "npm pack failed"; exit 3; }
  spec=$prefix/$spec
fi
say "installing portlab from $spec"
npm install --prefix "$prefix" --no-audit --no-fund --omit=dev "$spec" >&2 || { say "npm install $spec failed"; exit 3; }
portlab=("$(command -v node)" "$prefix/node_modules/portlab/dist/cli/main.js")

# Root for namespaces (and the engine); sudo where the job does not run as root (GitHub's runners).
as_root=()
[ "$(id -u)" -eq 0 ] || as_root=(sudo --preserve-env=PATH)
# Debian packages only when something is missing (doctor --fix also installs the optional tools). The job's log
# shows what doctor found, the sampler's sock_diag addon (or its fallback) included.
if ! "${as_root[@]}" "${portlab[@]}" doctor >&2; then
  "${as_root[@]}" "${portlab[@]}" doctor --fix >&2 || { say "portlab doctor --fix left something missing"; exit 3; }
fi

mkdir -p "$(dirname "$out")"
"${as_root[@]}" "${portlab[@]}" run "$scenario" --driver "$driver" --out "$out" --junit "$out/thresholds.xml"
status=$?
case "$status" in 130 | 143) exit "$status" ;; esac
[ -n "${GITHUB_OUTPUT:-}" ] && printf 'results=%s\nartifact=portlab-%s\n' "$out" "$name" >>"$GITHUB_OUTPUT"
if [ ! -f "$out/summary.json" ]; then
  say "the run left no summary.json (exit $status)"
  exit "$status"
fi

{
  echo "## portlab: $name"
  echo
  if [ -n "${PORTLAB_BASELINE:-}" ]; then
    "${portlab[@]}" compare "$PORTLAB_BASELINE" "$out" --scenario "$scenario" --junit "$out/compare.xml" \
      --markdown >"$out/compare.md"
    compared=$?
    cat "$out/compare.md"
    [ "$status" -ne 0 ] || status=$compared
  else
    echo "No baseline given: to gate on this run, commit \`$out/summary.json\` and name it as the baseline input."
  fi
  echo
  echo "The run directory (report.html, summary.json, samples) is uploaded as the artifact \`portlab-$name\`."
} >>"$summary"
exit "$status"
