import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunSummary, ScenarioSummary } from "../../src/core/run-summary.js";
import { describeRun, runCliJson } from "../support/run-engine.js";

const CLI = fileURLToPath(new URL("../../dist/cli/main.js", import.meta.url));

// The Scenario objects themselves are compared in test/unit/scenario-flags.test.ts; here both go through the
// CLI and the engine once, and the runs they produce must have the same shape.
const flags = [
  "--client",
  "short",
  "--close",
  "client-first",
  "--rate",
  "2000",
  "--duration",
  "2s",
  "--profile",
  "narrow-range",
];
const sameRunAsFile = `name: default
description: short and pooled clients against 1,000 ephemeral ports
load: { rate: 2000, duration: 2s }
clients: [{ kind: short, close: client-first }]
profiles: [narrow-range]
`;

function shape(run: RunSummary) {
  return {
    profile: run.profile,
    explanation: run.explanation,
    client: run.client,
    closeMode: run.closeMode,
    connections: run.connections,
    status: run.status,
    load: run.load,
    ports: run.ports,
    sysctls: run.sysctls,
    predictedExhaustionMs: run.prediction?.exhaustedAtMs,
  };
}

describe.runIf(enabled)("issue 3: a flags-only run equals the same run from a file", () => {
  let dir: string;
  let fromFlags: ScenarioSummary;
  let fromFile: ScenarioSummary;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "portlab-test-"));
    const file = join(dir, "same-run.yaml");
    await writeFile(file, sameRunAsFile);
    fromFlags = await runCliJson(flags);
    fromFile = await runCliJson([file]);
  }, 90_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("describes the same scenario and the same run", () => {
    expect(fromFlags.scenario).toBe("default");
    expect(fromFile.scenario).toBe(fromFlags.scenario);
    expect(fromFlags.runs).toHaveLength(1);
    expect(fromFile.runs).toHaveLength(1);
    const [flagRun, fileRun] = [fromFlags.runs[0] as RunSummary, fromFile.runs[0] as RunSummary];
    expect(shape(fileRun)).toEqual(shape(flagRun));
    expect(flagRun.load).toEqual({ mode: "rate", rate: 2000, durationMs: 2000 });
    expect(flagRun.ports).toEqual({ low: 40000, high: 40999, usable: 1000, sourceAddresses: 1 });
  });

  it("portlab predict, given the same flags, says what the run's own prediction says", async () => {
    const predicted = JSON.parse(
      execFileSync(process.execPath, [CLI, "predict", ...flags, "--json"], { encoding: "utf8" }),
    );
    const run = fromFlags.runs[0] as RunSummary;
    expect(predicted).toHaveLength(1);
    expect(predicted[0]).toMatchObject({
      profile: run.profile,
      exhaustedAtMs: run.prediction?.exhaustedAtMs,
      sustainableRate: run.prediction?.sustainableRate,
      usablePorts: run.ports?.usable,
    });
  });

  it("both exhaust the client's ports", () => {
    for (const run of [...fromFlags.runs, ...fromFile.runs]) {
      expect(run.status).toBe("ran");
      expect(run.errors?.EADDRNOTAVAIL ?? 0, describeRun(run)).toBeGreaterThan(0);
      expect(run.exhaustedAtMs, describeRun(run)).not.toBeNull();
      expect(run.exhaustedAtMs ?? 0, describeRun(run)).toBeLessThanOrEqual(625);
    }
  });
});
