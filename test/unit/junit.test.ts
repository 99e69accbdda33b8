import { readFileSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import type { ScenarioSummary } from "../../src/core/run-summary.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { metrics } from "../../src/metrics/registry.js";
import { compareSuite } from "../../src/results/compare-junit.js";
import { compareSummaries } from "../../src/results/compare-runs.js";
import { escapeXml, renderJunit } from "../../src/results/junit-xml.js";
import type { ReadRun } from "../../src/results/summary-extras.js";
import { evaluateThresholds } from "../../src/results/threshold-checks.js";
import { thresholdSuite } from "../../src/results/threshold-junit.js";

const runsOf = (name: string) =>
  (
    JSON.parse(
      readFileSync(join(import.meta.dirname, "..", "fixtures", "runs", name, "summary.json"), "utf8"),
    ) as ScenarioSummary
  ).runs as ReadRun[];

interface ParsedCase {
  "@_name": string;
  "@_classname": string;
  failure?: { "@_message": string; "#text": string };
  skipped?: { "@_message": string };
}

/** The XML as a CI system reads it: the counts on both levels, and the cases. */
function parse(xml: string) {
  const parsed = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === "testsuite" || name === "testcase",
  }).parse(xml);
  const root = parsed.testsuites;
  const suites = root.testsuite as Array<Record<string, string> & { testcase?: ParsedCase[] }>;
  return { root, suites, cases: suites.flatMap((suite) => suite.testcase ?? []) };
}

describe("JUnit XML", () => {
  it("counts tests, failures and skipped on testsuites and testsuite, and they match the cases", () => {
    const xml = renderJunit("portlab run", [
      {
        name: "suite",
        cases: [
          { name: "a", classname: "c" },
          {
            name: "b",
            classname: "c",
            failure: { message: "bad", measured: "1 ms", allowed: "at least 2 ms" },
          },
          { name: "d", classname: "c", skipped: "matched nothing" },
        ],
      },
    ]);
    const { root, suites, cases } = parse(xml);
    for (const level of [root, suites[0]]) {
      expect(level["@_tests"]).toBe("3");
      expect(level["@_failures"]).toBe("1");
      expect(level["@_errors"]).toBe("0");
      expect(level["@_skipped"]).toBe("1");
    }
    expect(cases.filter((testCase) => testCase.failure)).toHaveLength(1);
    expect(cases[1]?.failure?.["#text"]).toBe("bad\nmeasured: 1 ms\nallowed: at least 2 ms");
    expect(cases[2]?.skipped?.["@_message"]).toBe("matched nothing");
  });

  it("escapes what XML cannot carry as is, and parses back to the same text", () => {
    const nasty = `<"it's" & ]]> \u0001 'x'>`;
    expect(escapeXml(nasty)).not.toMatch(/[<>]/);
    const xml = renderJunit("n", [{ name: "s", cases: [{ name: nasty, classname: "c" }] }]);
    expect(parse(xml).cases[0]?.["@_name"]).toBe(`<"it's" & ]]>  'x'>`);
  });

  it("reports each threshold per matched run, failures with the measured and the allowed value", () => {
    const scenario = scenarios.parseText(
      `name: t
clients: [short, pooled]
thresholds:
  - { client: short, exhausted: true }
  - { client: short, exhausted: false, minOkPerSec: 900 }
  - { client: pooled, exhausted: false }
`,
      "t.yaml",
    );
    const suite = thresholdSuite(
      scenario.name,
      evaluateThresholds(scenario.thresholds, runsOf("ports-1000")),
    );
    const { root, cases } = parse(renderJunit("portlab run t", [suite]));
    expect(root["@_tests"]).toBe("3");
    expect(root["@_failures"]).toBe("1");
    expect(root["@_skipped"]).toBe("1");
    expect(cases.map((testCase) => testCase["@_name"])).toEqual([
      "thresholds[0] narrow-range short/client-first",
      "thresholds[1] narrow-range short/client-first",
      "thresholds[2] no matching run",
    ]);
    const failure = cases[1]?.failure?.["#text"] ?? "";
    expect(failure).toContain("measured: ran out of ports at 1054 ms; 329.7 ok/s");
    expect(failure).toContain("allowed: never runs out of ports; at least 900 ok/s");
  });

  it("reports one testcase per compared metric, and runs on one side as skipped", () => {
    const base = runsOf("ports-2000");
    const next = [...runsOf("ports-1000"), { ...base[0], profile: "tw-reuse" } as ReadRun];
    const comparison = compareSummaries(base, next, { tolerance: null, spec: null });
    const { root, cases } = parse(renderJunit("portlab compare", [compareSuite(comparison)]));
    expect(root["@_tests"]).toBe(String(metrics.length + 1));
    expect(Number(root["@_failures"])).toBe(comparison.regressions.length);
    // The run on one side, and peakSynSent: these fixtures are from before it was recorded.
    expect(root["@_skipped"]).toBe("2");
    const exhausted = cases.find((testCase) => testCase["@_name"] === "exhaustedAtMs");
    expect(exhausted?.["@_classname"]).toBe("portlab.compare.narrow-range.short/client-first");
    expect(exhausted?.failure?.["#text"]).toContain("measured: 1054 ms\nallowed: at least 2011.5 ms");
  });
});
