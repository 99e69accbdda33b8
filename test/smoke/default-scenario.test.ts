import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScenarioSummary } from "../../src/core/run-summary.js";
import { sandboxIdOf } from "../../src/hosts/netns/names.js";
import { samplesSchemaPath, summarySchemaPath } from "../../tools/docs/generated-files.js";
import { repoRoot } from "../support/portlab-process.js";
import { privilegedTestsEnabled } from "../support/prerequisites.js";
import { publishedValidator } from "../support/published-schema.js";
import { cliPath, describeRun, leftoverNamespaces, runOf } from "../support/run-engine.js";

const execFileAsync = promisify(execFile);

/**
 * The smoke run every supported Node major gets (scripts/test.mjs): `portlab run` with no scenario, the default
 * comparison, under netns, on the Node running this test. Shortened to its narrow-range runs at 2,000/s for 2 s:
 * the point is that the whole stack runs on this major, not the figures, which the privileged suite checks on the
 * primary one (the whole default, about 40 s, runs in the portlab image: test/privileged/docker-image.test.ts).
 */
describe.runIf(privilegedTestsEnabled())(`the default scenario on node ${process.version}`, () => {
  let outDir: string;
  let summary: ScenarioSummary;
  let runLog: string;

  beforeAll(async () => {
    outDir = await mkdtemp(join(tmpdir(), "portlab-smoke-"));
    const { stdout } = await execFileAsync(
      process.execPath,
      [
        cliPath,
        "run",
        "--profile",
        "narrow-range",
        "--rate",
        "2000",
        "--duration",
        "2s",
        "--json",
        "--out",
        outDir,
      ],
      { cwd: repoRoot, timeout: 90_000, killSignal: "SIGTERM", maxBuffer: 16 * 1024 * 1024 },
    );
    summary = JSON.parse(stdout) as ScenarioSummary;
    runLog = await readFile(join(outDir, "run.log"), "utf8");
  }, 100_000);

  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("runs short connections out of ports within 25 % of the model, and the pool holds", () => {
    const short = runOf(summary, "narrow-range", "short/client-first");
    const predicted = short.prediction?.exhaustedAtMs;
    expect(short.exhaustedAtMs, describeRun(short)).not.toBeNull();
    expect(predicted).toBeTypeOf("number");
    expect(
      Math.abs((short.exhaustedAtMs as number) - (predicted as number)) / (predicted as number),
    ).toBeLessThan(0.25);
    const pooled = runOf(summary, "narrow-range", "pooled(16)");
    expect(pooled.exhaustedAtMs, describeRun(pooled)).toBeNull();
    expect(pooled.requests.failed).toBe(0);
  });

  it("folds the host metrics from the samples to what each host's sampler saw", () => {
    for (const run of summary.runs) {
      expect(run.metrics?.minFreePorts?.value, describeRun(run)).toBe(run.minFreePorts);
      const peaks = Object.values(run.hosts).map((host) => host.peak?.TIME_WAIT ?? 0);
      expect(run.metrics?.peakTimeWait?.value).toBe(Math.max(...peaks));
      expect(run.metrics?.peakSynSent?.value).toBe(run.peak.client?.SYN_SENT ?? 0);
    }
  });

  it("writes summary.json and samples.ndjson that validate against the published schemas", async () => {
    const summaryValid = publishedValidator(summarySchemaPath);
    expect(summaryValid(JSON.parse(await readFile(join(outDir, "summary.json"), "utf8")))).toBeNull();
    const lineValid = publishedValidator(samplesSchemaPath);
    const lines = (await readFile(join(outDir, "samples.ndjson"), "utf8")).split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(lineValid(JSON.parse(line)), line).toBeNull();
  });

  it("says in run.log which transport carried the short client's load", () => {
    const finished = runLog
      .split("\n")
      .filter((line) => line.includes('"msg":"load finished"'))
      .map((line) => JSON.parse(line) as { transport?: string });
    expect(finished.length).toBeGreaterThan(0);
    for (const line of finished) expect(line.transport).toMatch(/^(Node's TCP handle|net\.Socket \()/);
    console.log(`node ${process.version}: the short client's load went over ${finished[0]?.transport}`);
  });

  it("leaves no namespace behind", async () => {
    const ids = [...runLog.matchAll(/"id":"([0-9a-f]{8})"/g)].map((match) => match[1] as string);
    expect(ids.length).toBeGreaterThan(0);
    expect(leftoverNamespaces(ids)).toEqual([]);
    const temp = (await readdir(tmpdir())).filter((name) => ids.includes(sandboxIdOf(name) ?? ""));
    expect(temp).toEqual([]);
  });
});
