import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { repoRoot } from "./portlab-process.js";

/**
 * Before any test: build dist/ from the sources (and the sock_diag addon), so no test ever runs a stale CLI, agent or worker (many spawn
 * dist/). Incremental (its state lives in dist/, so deleting dist/ starts over): an up-to-date tree costs a few
 * seconds. A build error stops the run here.
 */
export default function setup(): void {
  // `npm test` builds once, in its first vitest process, and tells the later ones (scripts/test.mjs).
  if (process.env.PORTLAB_TEST_BUILT === "1") return;
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const args = [tsc, "-p", "tsconfig.json", "--incremental", "--tsBuildInfoFile", "dist/.tsbuildinfo"];
  try {
    execFileSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", stdio: "pipe" });
    // The sampler's sock_diag addon (skipped when up to date; without a compiler it says so on stderr).
    execFileSync(process.execPath, ["scripts/build-native.mjs"], { cwd: repoRoot, stdio: "inherit" });
    // The CLI in one file (dist/cli/main.js), bundled anew from what tsc just wrote.
    execFileSync(process.execPath, ["scripts/bundle-cli.mjs"], { cwd: repoRoot, stdio: "inherit" });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(
      `the build failed (tsc -p tsconfig.json, the addon or the bundle); no test runs against a stale dist/:\n${stdout ?? ""}${stderr ?? ""}`,
    );
  }
}
