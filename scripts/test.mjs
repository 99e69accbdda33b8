// `npm test`: type checks, lint, the layer rule, then the whole suite on this Node (the primary major in CI), then
// the unit tests and the smoke run (the default scenario under netns) on every other Node in PORTLAB_TEST_NODES
// (space-separated node binaries; .ci/run installs Node 22 and 20 there). Ends with one line per Node:
//   node v24.22.3: 650 passed, 0 failed
// Under CI=true every other supported major must be given; elsewhere a missing one is said, not failed.
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// tsc turns on Node's compile cache (Node >= 22), which would leave /tmp/node-compile-cache behind: the tests
// leave nothing on the machine.
process.env.NODE_DISABLE_COMPILE_CACHE ??= "1";
const require = createRequire(import.meta.url);
const bin = (name, file) => join(dirname(require.resolve(`${name}/package.json`)), file);
const vitest = bin("vitest", "vitest.mjs");

/** Runs a step with a Node (this one unless told), its output passed through as it comes and kept. */
function step(title, file, args, node = process.execPath) {
  process.stdout.write(`\n== ${title}\n`);
  return new Promise((resolve) => {
    const child = spawn(node, [file, ...args], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (chunk) => {
      stdout += chunk;
      process.stdout.write(chunk);
    });
    child.once("error", (error) => {
      process.stdout.write(`${error.message}\n`);
      resolve({ status: 1, stdout });
    });
    child.once("close", (code) => resolve({ status: code ?? 1, stdout }));
  });
}

// The reporter's last summary line and the `  failed: …` lines under it.
const summaryLine = (stdout, node) =>
  [...stdout.matchAll(/^node v[\d.]+: \d+ passed, \d+ failed.*(?:\n {2}failed: .*)*$/gm)].at(-1)?.[0] ??
  `${node}: did not finish`;

const checks = [
  ["type check", bin("typescript", "bin/tsc"), ["-p", "tsconfig.test.json"]],
  [
    "lint",
    bin("@biomejs/biome", "bin/biome"),
    ["check", "--diagnostic-level=error", "src", "test", "tools", "scripts"],
  ],
];
for (const [title, file, args] of checks) {
  if ((await step(title, file, args)).status !== 0) process.exit(1);
}

const lines = [];
let failed = false;
const primary = await step(`the whole suite on node ${process.version}`, vitest, ["run"]);
lines.push(summaryLine(primary.stdout, `node ${process.version}`));
failed ||= primary.status !== 0;

const others = (process.env.PORTLAB_TEST_NODES ?? "").split(/\s+/).filter(Boolean);
if (others.length === 0) {
  const why = "PORTLAB_TEST_NODES names no other Node (see .ci/node-majors.sh)";
  if (process.env.CI === "true") {
    lines.push(`other Node majors: not tested: ${why}`);
    failed = true;
  } else lines.push(`other Node majors: skipped: ${why}`);
}
for (const node of others) {
  const version = spawnSync(node, ["-v"], { encoding: "utf8" }).stdout?.trim() || node;
  const row = await step(
    `unit tests and the smoke run on node ${version}`,
    vitest,
    ["run", "--project", "unit", "--project", "smoke"],
    node,
  );
  lines.push(summaryLine(row.stdout, `node ${version}`));
  failed ||= row.status !== 0;
}

process.stdout.write(`\n${lines.join("\n")}\n`);
process.exit(failed ? 1 : 0);
