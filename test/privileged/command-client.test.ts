import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { isPortlabError } from "../../src/core/errors.js";
import { findTool } from "../../src/core/find-tool.js";
import type { RunSummary } from "../../src/core/run-summary.js";
import { renderComparisonTable } from "../../src/results/comparison-table.js";
import { isAlive } from "../../src/server/process-control.js";
import { portlabDockerObjects } from "../support/docker.js";
import { repoRoot } from "../support/portlab-process.js";
import { dockerTestsEnabled, privilegedTestsEnabled } from "../support/prerequisites.js";
import { anyRunOf, describeRun, leftoverNamespaces, offBy, runScenarioYaml } from "../support/run-engine.js";

const fixtures = join(repoRoot, "test", "fixtures", "command-client");
const NEW_CONNECTION_PER_REQUEST = join(fixtures, "new-connection-per-request.mjs");
const RATE = 200;

/** strace is a prerequisite of these tests: skipped with the reason outside CI, a failure under CI=true. */
function straceAvailable(): boolean {
  if (findTool("strace") !== null) return true;
  if (process.env.CI === "true")
    throw new Error("command client tests cannot run under CI: strace is not installed");
  console.warn("skipping command client tests: strace is not installed (apt-get install strace)");
  return false;
}

const enabled = privilegedTestsEnabled() && straceAvailable();
const dockerEnabled = enabled && dockerTestsEnabled();

/** A scenario as JSON (which is YAML): the argv's paths need no quoting rules. */
function scenario(fields: Record<string, unknown>): string {
  return JSON.stringify({ name: "command-client", profiles: ["narrow-range"], ...fields });
}

/** The last line the fixture prints: its own count of attempts, ok and failures by errno. */
function ownCount(log: string): { attempts: number; ok: number; failures: Record<string, number> } {
  const line = log
    .split("\n")
    .reverse()
    .find((text) => text.startsWith("new-connection-per-request: {"));
  if (line === undefined) throw new Error(`the program printed no count:\n${log.slice(-2000)}`);
  return JSON.parse(line.slice(line.indexOf("{")));
}

function programOf(run: RunSummary) {
  if (!run.program) throw new Error(`no program in ${describeRun(run)}`);
  return run.program;
}

describe.skipIf(!enabled)("command client: the user's own program in the client host", () => {
  it("a new connection per request exhausts 1,000 ports when the model says (narrow-range) and holds under tw-reuse; strace's EADDRNOTAVAIL count is the program's own", async () => {
    const logs: Record<string, string> = {};
    const run = await runScenarioYaml(
      scenario({
        load: { duration: "7s" },
        clients: [
          {
            kind: "command",
            run: [process.execPath, NEW_CONNECTION_PER_REQUEST],
            env: { RATE },
            errors: "strace",
            expect: { kind: "short", rate: RATE },
          },
        ],
        profiles: ["narrow-range", "tw-reuse"],
      }),
      120_000,
      (directory) => {
        for (const index of [0, 1])
          logs[index] = readFileSync(join(directory, `client-${index}.log`), "utf8");
      },
    );
    const label = `command(node new-connection-per-request.mjs)`;
    const narrow = anyRunOf(run.summary, "narrow-range", label);
    const predicted = narrow.prediction?.exhaustedAtMs;
    expect(predicted, describeRun(narrow)).toBe(5000); // 1,000 ports / 200 new connections a second
    expect(narrow.exhaustedAtMs, describeRun(narrow)).not.toBeNull();
    expect(Math.abs(offBy(narrow.exhaustedAtMs ?? 0, predicted ?? 1)), describeRun(narrow)).toBeLessThan(
      0.25,
    );
    const own = ownCount(logs[0] ?? "");
    expect(own.failures.EADDRNOTAVAIL, logs[0]).toBeGreaterThan(200);
    expect(narrow.errors, describeRun(narrow)).toEqual({ EADDRNOTAVAIL: own.failures.EADDRNOTAVAIL });
    expect(narrow.minFreePorts).toBe(0);
    expect(narrow.freePortsZeroAtMs).not.toBeNull();
    expect(narrow.peak.client?.TIME_WAIT ?? 0).toBeGreaterThanOrEqual(990);
    expect(narrow.requests).toBeNull(); // not observed, never estimated
    expect(narrow.okPerSec).toBeNull();
    expect(programOf(narrow)).toMatchObject({
      exitCode: 0, // the fixture prints its count on SIGTERM and exits 0
      stoppedBy: "bound",
      stopSignal: "SIGTERM",
      killed: false,
      log: "client-0.log",
      errorsFrom: "strace",
      straceProblem: null,
    });
    expect(programOf(narrow).exitedAtMs).toBeGreaterThanOrEqual(7000);

    const reuse = anyRunOf(run.summary, "tw-reuse", label);
    expect(reuse.prediction?.exhaustedAtMs, describeRun(reuse)).toBeNull();
    expect(reuse.exhaustedAtMs, describeRun(reuse)).toBeNull();
    expect(reuse.errors, describeRun(reuse)).toEqual({});
    expect(ownCount(logs[1] ?? "").failures).toEqual({});
    expect(reuse.minFreePorts ?? 0, describeRun(reuse)).toBeGreaterThan(500);
    expect(reuse.counters.client.TWRecycled ?? 0).toBeGreaterThan(0);
    expect(run.errors).toEqual([]);
    expect(leftoverNamespaces(run.sandboxIds)).toEqual([]);
  });

  it("a program that ignores SIGTERM is killed at the bound, with everything it started", async () => {
    let log = "";
    const run = await runScenarioYaml(
      scenario({
        load: { duration: "2s" },
        clients: [{ kind: "command", run: [process.execPath, join(fixtures, "ignores-sigterm.mjs")] }],
      }),
      60_000,
      (directory) => {
        log = readFileSync(join(directory, "client-0.log"), "utf8");
      },
    );
    const result = run.summary.runs[0] as RunSummary;
    const program = programOf(result);
    expect(program).toMatchObject({
      exitCode: null,
      signal: "SIGKILL",
      stoppedBy: "bound",
      stopSignal: "SIGKILL",
      killed: true,
    });
    // SIGTERM at 2 s, SIGKILL after the 5 s grace.
    expect(program.exitedAtMs).toBeGreaterThanOrEqual(6_900);
    expect(program.exitedAtMs).toBeLessThan(9_000);
    expect(log).toContain("ignores-sigterm: ignoring SIGTERM");
    expect(log).toContain("ignores-sigterm child: ignoring SIGTERM");
    const pids = /pids (\d+) (\d+)/.exec(log)?.slice(1).map(Number) ?? [];
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(await isAlive(pid), `pid ${pid} is left`).toBe(false);
    expect(renderComparisonTable(run.summary.runs)).toContain("killed at the bound");
    expect(leftoverNamespaces(run.sandboxIds)).toEqual([]);
  });

  it("a program that exits early ends the run, and its exit status is reported; errors are not observed without strace", async () => {
    let log = "";
    const started = Date.now();
    const run = await runScenarioYaml(
      scenario({
        load: { duration: "60s" },
        clients: [
          {
            kind: "command",
            run: [
              process.execPath,
              "-e",
              "console.log('done early'); setTimeout(() => process.exit(3), 300)",
            ],
          },
        ],
      }),
      60_000,
      (directory) => {
        log = readFileSync(join(directory, "client-0.log"), "utf8");
      },
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    const result = run.summary.runs[0] as RunSummary;
    expect(programOf(result)).toMatchObject({ exitCode: 3, signal: null, stoppedBy: null, stopSignal: null });
    expect(programOf(result).exitedAtMs).toBeLessThan(5_000);
    expect(log).toBe("done early\n");
    expect(result.errors).toBeNull();
    expect(result.exhaustedAtMs).toBeNull();
    expect(result.prediction).toBeNull();
    expect(result.noPredictionReason).toMatch(/expect: \{ kind: short/);
    const table = renderComparisonTable(run.summary.runs);
    expect(table).toMatch(/command\(node -e console\.log.*\) exit 3 at \d\.\ds/);
    expect(table).toContain("not observed");
    expect(leftoverNamespaces(run.sandboxIds)).toEqual([]);
  });

  it("a program that is not there is an environment error (exit 3) naming it", async () => {
    const error = await runScenarioYaml(
      scenario({
        load: { duration: "2s" },
        clients: [{ kind: "command", run: ["/nonexistent/load-client"] }],
      }),
    ).catch((caught: unknown) => caught);
    expect(isPortlabError(error) && error.code).toBe("COMMAND_START");
    expect(isPortlabError(error) && error.exitCode).toBe(3);
    expect(String((error as Error).message)).toContain("/nonexistent/load-client");
  });
});

describe.skipIf(!dockerEnabled)("command client under the docker driver", () => {
  beforeAll(async () => {
    // The portlab image of this checkout (with strace), rebuilt only when its sources changed.
    await promisify(execFile)("bash", [join(repoRoot, "docker", "build-images.sh")], {
      timeout: 25 * 60_000,
    });
  }, 30 * 60_000);

  it("runs in the client container under strace, which counts the program's own EADDRNOTAVAIL", async () => {
    // The program is not in the portlab image: it is handed to node as the source text itself.
    const source = readFileSync(NEW_CONNECTION_PER_REQUEST, "utf8");
    let log = "";
    const run = await runScenarioYaml(
      scenario({
        sandbox: { driver: "docker" },
        load: { duration: "7s" },
        clients: [
          {
            kind: "command",
            run: ["node", "--input-type=module", "-e", source],
            env: { RATE },
            errors: "strace",
            expect: { kind: "short", rate: RATE },
          },
        ],
      }),
      240_000,
      (directory) => {
        log = readFileSync(join(directory, "client-0.log"), "utf8");
      },
    );
    const result = run.summary.runs[0] as RunSummary;
    const own = ownCount(log);
    expect(own.failures.EADDRNOTAVAIL, log).toBeGreaterThan(200);
    expect(result.errors, describeRun(result)).toEqual({ EADDRNOTAVAIL: own.failures.EADDRNOTAVAIL });
    expect(Math.abs(offBy(result.exhaustedAtMs ?? 0, 5000)), describeRun(result)).toBeLessThan(0.25);
    expect(programOf(result)).toMatchObject({ exitCode: 0, stoppedBy: "bound", straceProblem: null });
    expect(result.minFreePorts).toBe(0);
    expect(portlabDockerObjects(run.sandboxIds)).toEqual([]);
  });
});
