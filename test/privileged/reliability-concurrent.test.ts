import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import {
  cliBuilt,
  leftoversOf,
  removeSandboxes,
  sandboxIdsInRunLog,
  startPortlab,
} from "../support/portlab-process.js";

const built = enabled && cliBuilt();
// Wide port range: any error at all would come from the two runs disturbing each other.
const RUN = [
  "run",
  "--client",
  "short",
  "--rate",
  "200",
  "--duration",
  "3s",
  "--port-range",
  "20000-60999",
  "--json",
];

interface Summary {
  scenario: string;
  startedAt: string;
  runs: Array<{ requests: { sent: number; ok: number; failed: number }; errors: Record<string, number> }>;
}

function nginxAddress(directory: string): string {
  const line = readFileSync(join(directory, "run.log"), "utf8")
    .split("\n")
    .find((entry) => entry.includes('"server ready"'));
  return (JSON.parse(line ?? "{}") as { address?: string }).address ?? "";
}

describe.runIf(built)("two runs at once", () => {
  const cwd = built ? mkdtempSync(join(tmpdir(), "plt-two-")) : "";
  const sandboxes: string[] = [];
  afterAll(() => {
    removeSandboxes(sandboxes);
    if (cwd) rmSync(cwd, { recursive: true, force: true });
  });

  it("same scenario in the same second: separate sandboxes, same addresses without clashing, suffixed run directory, both exit 0", async () => {
    // Start both early in a wall-clock second, so both run directories get the same timestamp. Two processes
    // on a busy machine may still reach their start a second apart: then try again (at most three times).
    let exits: Awaited<ReturnType<typeof startPortlab>["exited"]>[] = [];
    for (let attempt = 0; attempt < 3; attempt++) {
      rmSync(join(cwd, "results"), { recursive: true, force: true });
      while (Date.now() % 1000 > 50) await sleep(5);
      const first = startPortlab(RUN, { cwd });
      const second = startPortlab(RUN, { cwd });
      exits = await Promise.all([first.exited, second.exited]);
      const seconds = exits.map((exit) =>
        (JSON.parse(exit.stdout || "{}") as Summary).startedAt?.slice(0, 19),
      );
      if (seconds[0] === seconds[1]) break;
    }
    for (const exit of exits) expect(exit.code, exit.stderr).toBe(0);

    const summaries = exits.map((exit) => JSON.parse(exit.stdout) as Summary);
    const startTimes = summaries.map((summary) => summary.startedAt).join(", ");
    const directories = readdirSync(join(cwd, "results")).sort();
    expect(directories).toHaveLength(2);
    const [base, suffixed] = directories as [string, string];
    expect(base).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-default$/);
    expect(suffixed, `started at ${startTimes}`).toBe(`${base}-2`);

    const ids = directories.map((name) => sandboxIdsInRunLog(join(cwd, "results", name)));
    sandboxes.push(...ids.flat());
    expect(ids.map((list) => list.length)).toEqual([1, 1]);
    expect(ids[0]?.[0]).not.toBe(ids[1]?.[0]);
    // Each sandbox is its own pair of namespaces: both servers use the same address, and neither run saw an error.
    const addresses = directories.map((name) => nginxAddress(join(cwd, "results", name)));
    expect(addresses[0]).toMatch(/^198\.18\./);
    expect(addresses[1]).toBe(addresses[0]);
    for (const summary of summaries) {
      expect(summary.scenario).toBe("default");
      expect(summary.runs[0]?.requests.ok).toBeGreaterThan(0);
      expect(summary.runs[0]?.requests.failed).toBe(0);
      expect(summary.runs[0]?.errors).toEqual({});
    }
    // The --json summaries on stdout are the ones in each directory.
    const written = directories.map(
      (name) =>
        (JSON.parse(readFileSync(join(cwd, "results", name, "summary.json"), "utf8")) as Summary).startedAt,
    );
    expect(written.sort()).toEqual(summaries.map((summary) => summary.startedAt).sort());
    expect(leftoversOf(ids.flat())).toEqual([]);
  });
});
