import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { afterAll, describe, expect, it } from "vitest";
import { metrics } from "../../src/metrics/registry.js";
import { cliBuilt, repoRoot, runPortlab } from "../support/portlab-process.js";

/** `portlab compare` through the built CLI, on recorded real runs (no root needed). */

const built = cliBuilt();
const runs = join(repoRoot, "test", "fixtures", "runs");
const ports2000 = join(runs, "ports-2000");
const ports1000 = join(runs, "ports-1000");
const work = mkdtempSync(join(tmpdir(), "portlab-compare-"));

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** ports-1000's summary.json changed by `change` (or replaced by raw text), written into the work directory. */
function crafted(name: string, change: ((summary: Record<string, unknown>) => void) | string): string {
  const path = join(work, `${name}.json`);
  if (typeof change === "string") writeFileSync(path, change);
  else {
    const summary = JSON.parse(readFileSync(join(ports1000, "summary.json"), "utf8"));
    change(summary);
    writeFileSync(path, JSON.stringify(summary));
  }
  return path;
}

const firstRun = (summary: Record<string, unknown>) =>
  (summary.runs as Array<Record<string, unknown>>)[0] ?? {};

describe.runIf(built)("portlab compare", () => {
  it("exits 0 for the same run twice (a directory against its summary.json)", async () => {
    const exit = await runPortlab(["compare", ports2000, join(ports2000, "summary.json")]);
    expect(exit.stderr).toBe("");
    expect(exit.code).toBe(0);
    expect(exit.stdout).toMatch(/\nno regression\n$/);
  });

  it("exits 4 for a baseline of 2,000 ports against a run with 1,000, naming exhaustedAtMs", async () => {
    const exit = await runPortlab(["compare", ports2000, ports1000]);
    expect(exit.code).toBe(4);
    expect(exit.stdout).toMatch(
      /^narrow-range\s+short\/client-first\s+exhaustedAtMs\s+2235\s+1054\s+-52\.8%.*REGRESSION$/m,
    );
    expect(exit.stdout).toContain("narrow-range short/client-first: exhaustedAtMs 1054 ms, allowed at least");
  });

  it("prints JSON and Markdown, and writes JUnit with one testcase per metric", async () => {
    const junit = join(work, "nested", "compare.xml");
    const json = await runPortlab(["compare", ports2000, ports1000, "--json", "--junit", junit]);
    expect(json.code).toBe(4);
    const parsed = JSON.parse(json.stdout) as { regressionCount: number; pairs: { metrics: unknown[] }[] };
    expect(parsed.regressionCount).toBeGreaterThan(0);
    expect(parsed.pairs[0]?.metrics).toHaveLength(metrics.length);
    const xml = new XMLParser({ ignoreAttributes: false }).parse(readFileSync(junit, "utf8"));
    const suite = xml.testsuites.testsuite;
    expect(Number(suite["@_tests"])).toBe(metrics.length);
    expect(Number(suite["@_failures"])).toBe(parsed.regressionCount);

    const markdown = await runPortlab(["compare", ports2000, ports1000, "--markdown"]);
    expect(markdown.stdout).toMatch(/^### portlab compare: :x: \d regressions?\n/);
    expect(markdown.stdout).toContain("| narrow-range | short/client-first | exhaustedAtMs | 2235 | 1054 |");
  });

  it("takes tolerances from --tolerance and from the scenario's compare: section", async () => {
    const loose = await runPortlab(["compare", ports2000, ports1000, "--tolerance", "150%"]);
    expect(loose.code).toBe(0);
    const scenario = join(work, "strict-exhaustion.yaml");
    writeFileSync(scenario, 'name: strict-exhaustion\ncompare: { exhaustedAtMs: "5%" }\n');
    const strict = await runPortlab([
      "compare",
      ports2000,
      ports1000,
      "--tolerance",
      "150%",
      "--scenario",
      scenario,
    ]);
    expect(strict.code).toBe(4);
    expect(strict.stdout).toMatch(/^1 regression:\n {2}narrow-range short\/client-first: exhaustedAtMs/m);
  });

  it("refuses a tolerance that is not a percentage, and a path without a summary (exit 2)", async () => {
    const badTolerance = await runPortlab(["compare", ports2000, ports1000, "--tolerance", "ten"]);
    expect(badTolerance.code).toBe(2);
    expect(badTolerance.stderr).toContain('--tolerance "ten" is not a percentage');
    const missing = await runPortlab(["compare", ports2000, join(work, "nothing-here")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no such file or directory\n {2}fix: pass a run directory/);
  });

  it("reads the committed baselines (the summary of this version, hosts and connectMs included)", async () => {
    for (const baseline of ["short-vs-pooled", "notes-claims"]) {
      const directory = join(repoRoot, "baselines", baseline);
      const exit = await runPortlab(["compare", directory, directory]);
      expect(exit.stderr, baseline).toBe("");
      expect(exit.code, baseline).toBe(0);
    }
  });

  describe("refuses a crafted summary with exit 2, naming the file and the field, and writes nothing", () => {
    const cases: Array<{ name: string; change: Parameters<typeof crafted>[1]; says: RegExp; code: string }> =
      [
        {
          name: "no-runs",
          change: (summary) => {
            summary.runs = [];
          },
          says: /no-runs\.json: has no runs, so there is nothing to compare\n {2}fix: /,
          code: "NOTHING_TO_COMPARE",
        },
        {
          name: "string-metric",
          change: (summary) => {
            firstRun(summary).okPerSec = "fast";
          },
          says: /string-metric\.json: not a portlab summary: runs\[0\]\.okPerSec is a string, not a number\n/,
          code: "SUMMARY_INVALID",
        },
        {
          name: "missing-field",
          change: (summary) => {
            delete firstRun(summary).exhaustedAtMs;
          },
          says: /missing-field\.json: not a portlab summary: runs\[0\]\.exhaustedAtMs is missing/,
          code: "SUMMARY_INVALID",
        },
        {
          name: "wrong-nested-type",
          change: (summary) => {
            firstRun(summary).requests = { sent: 1, ok: 1, failed: "0", late: 0, dropped: 0 };
          },
          says: /runs\[0\]\.requests\.failed is a string, not a number/,
          code: "SUMMARY_INVALID",
        },
        {
          name: "runs-not-a-list",
          change: (summary) => {
            summary.runs = { 0: {} };
          },
          says: /runs-not-a-list\.json: not a portlab summary: runs is an object, not an array/,
          code: "SUMMARY_INVALID",
        },
        { name: "not-json", change: "{ runs: [", says: /not-json\.json: not JSON/, code: "SUMMARY_INVALID" },
      ];

    it.each(cases)("$name", async ({ name, change, says, code }) => {
      const path = crafted(name, change);
      const junit = join(work, `${name}.xml`);
      const exit = await runPortlab(["compare", ports2000, path, "--markdown", "--junit", junit]);
      expect(exit.code, exit.stderr).toBe(2);
      expect(exit.stderr).toMatch(says);
      expect(exit.stderr).toContain(`  code: ${code}\n`);
      expect(exit.stdout).toBe("");
      expect(existsSync(junit)).toBe(false);
      // The baseline is read the same way.
      const asBase = await runPortlab(["compare", path, ports2000]);
      expect(asBase.code).toBe(2);
      expect(asBase.stderr).toMatch(says);
    });
  });
});
