// `npm test`: type checks and lint (the layer rule is a unit test), then the whole suite on this Node (the primary
// major in CI), then the unit tests and the smoke run (the default scenario under netns) on every other Node in
// PORTLAB_TEST_NODES (space-separated node binaries; .ci/run installs Node 22 and 20 there). Ends with one line
// per Node:
//   node v24.22.3: 650 passed, 0 failed
// Under CI=true every other supported major must be given; elsewhere a missing one is said, not failed.
//
// The order, for a 2-core machine: the unit files first (they use every core), then two lanes at once: the
// namespace files, and the files that make containers (vitest.config.ts's `docker` project), whose work is the
// docker engine's. Each lane runs its files one at a time. The other majors' rows go to whichever lane is free
// first, at a lower CPU priority, so the timed runs keep the CPU they had. The host check runs last, after both.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// tsc turns on Node's compile cache (Node >= 22), which would leave /tmp/node-compile-cache behind: the tests
// leave nothing on the machine.
process.env.NODE_DISABLE_COMPILE_CACHE ??= "1";
const require = createRequire(import.meta.url);
const bin = (name, file) => join(dirname(require.resolve(`${name}/package.json`)), file);
const vitest = bin("vitest", "vitest.mjs");

/**
 * Runs a step with a Node (this one unless told). Its output is passed through as it comes when `live`, else
 * printed whole when it ends (two lanes at once would interleave their lines). `nice` lowers its CPU priority.
 */
function step(title, file, args, { node = process.execPath, live = true, nice = false, env = {} } = {}) {
  if (live) process.stdout.write(`\n== ${title}\n`);
  const [command, commandArgs] = nice ? ["nice", ["-n", "10", node, file, ...args]] : [node, [file, ...args]];
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let output = "";
    const take = (chunk, stream) => {
      output += chunk;
      if (live) stream.write(chunk);
    };
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      take(chunk, process.stdout);
    });
    child.stderr.setEncoding("utf8").on("data", (chunk) => take(chunk, process.stderr));
    const done = (status) => {
      if (!live) process.stdout.write(`\n== ${title}\n${output}`);
      resolve({ status, stdout });
    };
    child.once("error", (error) => {
      output += `${error.message}\n`;
      done(1);
    });
    child.once("close", (code) => done(code ?? 1));
  });
}

const SUMMARY = /^node (v[\d.]+): (\d+) passed, (\d+) failed(?:, (\d+) skipped)?$/gm;

/** Adds a vitest process's summary line (test/support/summary-line-reporter.ts) to its Node's totals. */
function count(totals, stdout, title) {
  const last = [...stdout.matchAll(SUMMARY)].at(-1);
  if (last === undefined) {
    totals.unfinished.push(title);
    return;
  }
  const [, version, passed, failed, skipped] = last;
  const total = totals.byNode.get(version) ?? { passed: 0, failed: 0, skipped: 0, failures: [] };
  total.passed += Number(passed);
  total.failed += Number(failed);
  total.skipped += Number(skipped ?? 0);
  const after = stdout.slice((last.index ?? 0) + last[0].length);
  total.failures.push(...(after.match(/^ {2}failed: .*$/gm) ?? []));
  totals.byNode.set(version, total);
}

const checks = [
  ["type check", bin("typescript", "bin/tsc"), ["-p", "tsconfig.test.json"]],
  [
    "lint",
    bin("@biomejs/biome", "bin/biome"),
    ["check", "--diagnostic-level=error", "src", "test", "tools", "scripts"],
  ],
];
const checked = await Promise.all(
  checks.map(([title, file, args]) => step(title, file, args, { live: false })),
);
if (checked.some((result) => result.status !== 0)) process.exit(1);

const totals = { byNode: new Map(), unfinished: [] };
let failed = false;
const run = async (title, args, options = {}) => {
  const result = await step(title, vitest, ["run", ...args], options);
  count(totals, result.stdout, title);
  failed ||= result.status !== 0;
};

const others = (process.env.PORTLAB_TEST_NODES ?? "").split(/\s+/).filter(Boolean);
const notes = [];
if (others.length === 0) {
  const why = "PORTLAB_TEST_NODES names no other Node (see .ci/node-majors.sh)";
  if (process.env.CI === "true") {
    notes.push(`other Node majors: not tested: ${why}`);
    failed = true;
  } else notes.push(`other Node majors: skipped: ${why}`);
}

// The first process builds dist/ and writes the host's kernel parameters to the snapshot file; the later ones
// read it (test/support/build-setup.ts, host-snapshot-setup.ts).
const snapshotDir = mkdtempSync(join(tmpdir(), "portlab-test-"));
const env = { PORTLAB_HOST_SNAPSHOT: join(snapshotDir, "host-sysctls.json") };
try {
  const primary = `node ${process.version}`;
  await run(`unit tests on ${primary}`, ["--project", "unit"], { env });
  env.PORTLAB_TEST_BUILT = "1";

  const rows = others.map((node) => {
    const version = spawnSync(node, ["-v"], { encoding: "utf8" }).stdout?.trim() || node;
    return () =>
      run(`unit tests and the smoke run on node ${version}`, ["--project", "unit", "--project", "smoke"], {
        node,
        live: false,
        nice: true,
        env,
      });
  });
  const lane = async (first) => {
    await first();
    for (let next = rows.shift(); next !== undefined; next = rows.shift()) await next();
  };
  await Promise.all([
    lane(() =>
      run(
        `the smoke run and the namespace files on ${primary}`,
        ["--project", "smoke", "--project", "privileged"],
        { env },
      ),
    ),
    lane(() => run(`the docker files on ${primary}`, ["--project", "docker"], { env, live: false })),
  ]);
  await run(`the host check on ${primary}`, ["--project", "host-check"], { env });
} finally {
  rmSync(snapshotDir, { recursive: true, force: true });
}

const lines = [];
for (const [version, total] of totals.byNode) {
  const skipped = total.skipped > 0 ? `, ${total.skipped} skipped` : "";
  lines.push(`node ${version}: ${total.passed} passed, ${total.failed} failed${skipped}`, ...total.failures);
}
for (const title of totals.unfinished) {
  lines.push(`${title}: did not finish`);
  failed = true;
}
process.stdout.write(`\n${[...lines, ...notes].join("\n")}\n`);
process.exit(failed ? 1 : 0);
