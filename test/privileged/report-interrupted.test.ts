import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ReportModel } from "../../src/report/chart-spec.js";
import {
  cliBuilt,
  leftoversOf,
  removeSandboxes,
  sandboxIdsInRunLog,
  shortRun,
  startPortlab,
} from "../support/portlab-process.js";

const built = enabled && cliBuilt();

describe.runIf(built)("report.html after an interrupted run", () => {
  const workDir = mkdtempSync(join(tmpdir(), "portlab-report-int-"));
  const outDir = join(workDir, "out");
  afterAll(() => {
    removeSandboxes(sandboxIdsInRunLog(outDir));
    rmSync(workDir, { recursive: true, force: true });
  });

  it("is written on SIGINT mid-load, says the run was interrupted, and charts what was sampled", async () => {
    const portlab = startPortlab([...shortRun(8), "--out", outDir]);
    const samples = join(outDir, "samples.ndjson");
    await portlab.waitFor(
      "two seconds of samples",
      () => existsSync(samples) && statSync(samples).size > 1500,
    );
    portlab.signal("SIGINT");
    const exit = await portlab.exited;
    expect(exit.code, exit.stderr).toBe(130);
    expect(leftoversOf(sandboxIdsInRunLog(outDir))).toEqual([]);

    const reportPath = join(outDir, "report.html");
    expect(exit.stdout).toContain(`report:  ${reportPath}`);
    const html = readFileSync(reportPath, "utf8");
    expect(html).toContain("This scenario was interrupted");
    const json = /<script type="application\/json" id="portlab-data">(.*?)<\/script>/s.exec(html)?.[1];
    const model = JSON.parse(json ?? "null") as ReportModel;
    expect(model.interrupted).toBe(true);
    expect(model.runs.map((run) => run.status)).toEqual(["interrupted"]);
    expect(model.runs[0]?.verdict).toMatch(/^interrupted; /);
    const ports = model.runs[0]?.charts.find((chart) => chart.id === "run-0-ports");
    expect(ports?.x.length).toBeGreaterThanOrEqual(2);
    expect(model.overlay?.series).toHaveLength(1);
  });
});
