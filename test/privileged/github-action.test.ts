import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/portlab-process.js";
import { type ProgramExit, runProgram } from "../support/run-program.js";

// The action's steps (scripts/portlab-action.sh) on a sample repository the test makes, with portlab installed from
// the tarball `npm pack` makes of this checkout: what a team's own CI does with the README's snippet.
const SCENARIO = [
  "name: my-service-ports",
  "load: { rate: 2000, duration: 1s }",
  "clients: [{ kind: short, close: client-first }]",
  "profiles: [narrow-range]",
  "thresholds:",
  "  - { client: short, exhausted: true }",
  "compare: { tolerance: 50%, latencyP99Ms: off }",
  "",
].join("\n");

function action(repository: string, environment: Record<string, string>): Promise<ProgramExit> {
  // The job's own environment (npm's registry settings and CA bundle included), as a CI step has it.
  const env = { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1", RUNNER_TEMP: repository, ...environment };
  return runProgram("bash", [join(repoRoot, "scripts", "portlab-action.sh")], 240_000, {
    cwd: repository,
    env,
  });
}

describe.skipIf(!enabled)("the GitHub Action's steps on a sample repository", () => {
  let work = "";
  let tarball = "";

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), "portlab-action-"));
    const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], {
      cwd: repoRoot,
      encoding: "utf8",
      env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: "1" },
    });
    tarball = join(work, packed.trim().split("\n").at(-1) as string);
  }, 120_000);

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("runs the scenario from the packed portlab, then gates on the committed baseline with the comparison in the job summary", async () => {
    const repository = join(work, "repository");
    mkdirSync(repository);
    writeFileSync(join(repository, "portlab-check.yaml"), SCENARIO);
    const stepSummary = join(work, "step-summary.md");
    const output = join(work, "github-output");
    const environment = {
      PORTLAB_SCENARIO: "portlab-check.yaml",
      PORTLAB_VERSION: tarball,
      GITHUB_STEP_SUMMARY: stepSummary,
      GITHUB_OUTPUT: output,
    };

    // First: no baseline yet. The run's thresholds hold (exhaustion is what this scenario expects).
    const first = await action(repository, environment);
    expect(first.code, first.stderr).toBe(0);
    expect(readFileSync(output, "utf8")).toContain(
      "results=portlab-results/portlab-check\nartifact=portlab-portlab-check\n",
    );
    const results = join(repository, "portlab-results", "portlab-check");
    expect(readFileSync(join(results, "thresholds.xml"), "utf8")).toContain('failures="0"');
    expect(readFileSync(stepSummary, "utf8")).toContain("No baseline given");
    // The packed portlab has its sock_diag addon, or says why not.
    expect(first.stderr).toMatch(
      /(ok|note) +sock_diag +the sampler (lists sockets through netlink|reads \/proc\/net\/tcp: .+)/,
    );

    // The team commits that run as its baseline; the next run is compared with it.
    mkdirSync(join(repository, "baselines"));
    copyFileSync(join(results, "summary.json"), join(repository, "baselines", "summary.json"));
    rmSync(join(repository, "portlab-results"), { recursive: true });
    const second = await action(repository, { ...environment, PORTLAB_BASELINE: "baselines/summary.json" });
    expect(second.code, second.stderr).toBe(0);
    const summary = readFileSync(stepSummary, "utf8");
    expect(summary).toContain("## portlab: portlab-check");
    expect(summary).toMatch(/\| *metric *\|/i);
    expect(readFileSync(join(results, "compare.xml"), "utf8")).toContain("<testsuite");

    // Bad input is the script's exit 2, naming the input.
    const missing = await action(repository, { ...environment, PORTLAB_SCENARIO: "nope.yaml" });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("scenario nope.yaml: no such file");
  }, 400_000);
});
