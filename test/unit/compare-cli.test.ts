import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
});
