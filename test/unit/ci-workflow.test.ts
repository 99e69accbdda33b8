import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clientLabel } from "../../src/clients/client-label.js";
import type { ScenarioSummary } from "../../src/core/run-summary.js";
import { clientFields } from "../../src/engine/build-run-summary.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { repoRoot } from "../support/portlab-process.js";

const workflowText = readFileSync(join(repoRoot, ".github", "workflows", "portlab.yml"), "utf8");
const workflow = parse(workflowText) as {
  on: Record<string, unknown>;
  jobs: Record<
    string,
    { "runs-on": string; steps: Array<{ run?: string; uses?: string; with?: Record<string, unknown> }> }
  >;
};
/** GitHub's own workflow parser and schema (actions/languageservices, MIT): the errors it finds in a workflow. */
function workflowErrors(text: string): string[] {
  const result = parseWorkflow({ name: "portlab.yml", content: text }, new NoOperationTraceWriter());
  return result.context.errors.getErrors().map((error) => error.message);
}

const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const script = join(repoRoot, "scripts", "portlab-ci.sh");
const ciScenarios = /scripts\/portlab-ci\.sh ([a-z -]+)$/m.exec(workflowText)?.[1]?.trim().split(/\s+/) ?? [];

describe(".github/workflows/portlab.yml", () => {
  it("is a valid GitHub Actions workflow (GitHub's workflow schema), and the check does catch mistakes", () => {
    expect(workflowErrors(workflowText)).toEqual([]);
    const broken = workflowText.replace("runs-on: ubuntu-latest", "runs_on: ubuntu-latest");
    expect(workflowErrors(broken).join("\n")).toMatch(/runs_on/);
    const badStep = workflowText.replace("- uses: actions/checkout@v4", "- usess: actions/checkout@v4");
    expect(workflowErrors(badStep).length).toBeGreaterThan(0);
  });

  it("runs on pull requests on ubuntu-latest: installs, builds, runs with sudo, uploads the run directories", () => {
    expect(Object.keys(workflow.on)).toEqual(["pull_request"]);
    expect(Object.values(workflow.jobs).map((job) => job["runs-on"])).toEqual(["ubuntu-latest"]);
    const commands = steps.map((step) => step.run ?? "").join("\n");
    expect(commands).toMatch(/apt-get install .*iproute2 nginx-light/);
    expect(commands).toContain("npm ci");
    expect(commands).toContain("npm run build");
    expect(commands).toMatch(/^sudo .*sh scripts\/portlab-ci\.sh short-vs-pooled notes-claims$/m);
    const upload = steps.find((step) => step.uses?.startsWith("actions/upload-artifact@"));
    expect(upload?.with?.path).toBe("ci-results/");
  });

  it("names scenarios that exist, each with a baseline that covers every run of it", async () => {
    expect(ciScenarios).toEqual(["short-vs-pooled", "notes-claims"]);
    for (const name of ciScenarios) {
      const scenario = await scenarios.loadFile(join(repoRoot, "scenarios", `${name}.yaml`));
      const baseline = JSON.parse(
        readFileSync(join(repoRoot, "baselines", name, "summary.json"), "utf8"),
      ) as ScenarioSummary;
      expect(baseline.scenario).toBe(name);
      expect(baseline.interrupted).toBe(false);
      const planned = scenario.profiles.flatMap((profile) =>
        scenario.clients.map((client) => `${profile.name} ${clientLabel(clientFields(client))}`),
      );
      expect(baseline.runs.map((run) => `${run.profile} ${clientLabel(run)}`)).toEqual(planned);
    }
  });
});

describe("scripts/portlab-ci.sh", () => {
  it("is valid sh, and runs the workflow's scenarios by default", () => {
    expect(() => execFileSync("sh", ["-n", script])).not.toThrow();
    const defaults = /set -- ([a-z -]+)$/m.exec(readFileSync(script, "utf8"))?.[1]?.trim().split(/\s+/);
    expect(defaults).toEqual(ciScenarios);
  });

  it("refuses to start before a build, saying how to build", () => {
    const copy = mkdtempSync(join(tmpdir(), "portlab-ci-script-"));
    try {
      mkdirSync(join(copy, "scripts"));
      copyFileSync(script, join(copy, "scripts", "portlab-ci.sh"));
      const result = spawnSync("sh", [join(copy, "scripts", "portlab-ci.sh")], { encoding: "utf8" });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe("portlab-ci: build first (npm ci && npm run build)\n");
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
