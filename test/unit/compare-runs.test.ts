import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ObservedRunSummary, ScenarioSummary } from "../../src/core/run-summary.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { type CompareOptions, compareSummaries } from "../../src/results/compare-runs.js";
import type { ReadRun } from "../../src/results/summary-extras.js";

const fixture = (name: string) =>
  JSON.parse(
    readFileSync(join(import.meta.dirname, "..", "fixtures", "runs", name, "summary.json"), "utf8"),
  ) as ScenarioSummary;

// Real runs: 1,000 new connections/s against 2,000 ports (out at ~2.2 s) and against 1,000 (out at ~1.05 s).
const ports2000 = fixture("ports-2000").runs as ReadRun[];
const ports1000 = fixture("ports-1000").runs as ReadRun[];
const defaults: CompareOptions = { tolerance: null, spec: null };
const base = ports2000[0] as ReadRun & ObservedRunSummary;
const withRun = (overrides: Partial<ReadRun>): ReadRun[] => [{ ...base, ...overrides } as ReadRun];
const verdicts = (next: readonly ReadRun[], options = defaults) =>
  Object.fromEntries(
    (compareSummaries(ports2000, next, options).pairs[0]?.metrics ?? []).map((metric) => [
      metric.metric,
      metric.verdict,
    ]),
  );

describe("compareSummaries", () => {
  it("finds nothing when a run is compared with itself (peakSynSent: a fixture from before it was recorded)", () => {
    const comparison = compareSummaries(ports2000, ports2000, defaults);
    expect(comparison.regressions).toEqual([]);
    expect(comparison.pairs).toHaveLength(1);
    expect(comparison.pairs[0]?.metrics.map((metric) => metric.verdict)).toEqual([
      ...Array(6).fill("within tolerance"),
      "not compared",
    ]);
  });

  it("calls half the ports a regression, naming exhaustedAtMs with both values and the limit", () => {
    const comparison = compareSummaries(ports2000, ports1000, defaults);
    const metrics = comparison.regressions.map((regression) => regression.metric);
    expect(metrics).toContain("exhaustedAtMs");
    const exhausted = comparison.regressions.find((regression) => regression.metric === "exhaustedAtMs");
    expect(exhausted?.message).toBe(
      `narrow-range short/client-first: exhaustedAtMs ${ports1000[0]?.exhaustedAtMs} ms, allowed at least ` +
        `${((base.exhaustedAtMs ?? 0) * 0.9).toFixed(1).replace(/\.0$/, "")} ms (baseline ${base.exhaustedAtMs} ms, ` +
        "tolerance 10%): ran out of ports earlier (or where the baseline never did)",
    );
  });

  it("respects --tolerance, and a scenario's per-metric tolerance over it", () => {
    // 1,054 ms against 2,235 ms is 53% earlier.
    expect(
      verdicts(ports1000, { tolerance: { kind: "relative", fraction: 0.6 }, spec: null }).exhaustedAtMs,
    ).toBe("within tolerance");
    expect(
      verdicts(ports1000, { tolerance: { kind: "relative", fraction: 0.4 }, spec: null }).exhaustedAtMs,
    ).toBe("regression");
    const { compare } = scenarios.parseText(
      'name: t\ncompare: { tolerance: "60%", exhaustedAtMs: "40%", errors: 1000 }\n',
      "t.yaml",
    );
    const scenarioOnly = verdicts(ports1000, { tolerance: null, spec: compare });
    expect(scenarioOnly.exhaustedAtMs).toBe("regression");
    expect(scenarioOnly.okPerSec).toBe("within tolerance"); // 595 → 330 ok/s is within 60%
    expect(scenarioOnly.errors).toBe("within tolerance"); // 1,000 → 2,000: exactly the 1,000 allowed
    const flagToo = verdicts(ports1000, { tolerance: { kind: "relative", fraction: 0.05 }, spec: compare });
    expect(flagToo.exhaustedAtMs).toBe("regression");
    expect(flagToo.okPerSec).toBe("regression"); // --tolerance replaced the scenario's 60%
    expect(flagToo.errors).toBe("within tolerance"); // the per-metric 1,000 still wins
  });

  it("judges each metric in its own direction", () => {
    expect(verdicts(withRun({ exhaustedAtMs: null }))).toMatchObject({ exhaustedAtMs: "improved" });
    expect(verdicts(withRun({ okPerSec: base.okPerSec * 0.8 }))).toMatchObject({ okPerSec: "regression" });
    expect(verdicts(withRun({ okPerSec: base.okPerSec * 1.2 }))).toMatchObject({ okPerSec: "improved" });
    expect(verdicts(withRun({ requests: { ...base.requests, failed: 1200 } }))).toMatchObject({
      errors: "regression",
    });
    expect(verdicts(withRun({ minFreePorts: -5 }))).toMatchObject({ minFreePorts: "regression" });
    expect(verdicts(withRun({ latencyMs: null }))).toMatchObject({ latencyP99Ms: "not compared" });
    const p99 = base.latencyMs?.p99 ?? 0;
    expect(verdicts(withRun({ latencyMs: { p50: 1, p90: 1, p99: p99 * 1.5, max: p99 * 2 } }))).toMatchObject({
      latencyP99Ms: "regression",
    });
    const peak = {
      ...base.peak,
      client: { ...(base.peak.client as NonNullable<ReadRun["peak"]["client"]>) },
    };
    peak.client = { ...peak.client, TIME_WAIT: 2500 };
    expect(verdicts(withRun({ peak }))).toMatchObject({ peakTimeWait: "regression" });
  });

  it("calls running out where the baseline never did a regression", () => {
    const never = withRun({ exhaustedAtMs: null });
    const comparison = compareSummaries(never, ports1000, defaults);
    const exhausted = comparison.pairs[0]?.metrics.find((metric) => metric.metric === "exhaustedAtMs");
    expect(exhausted?.verdict).toBe("regression");
    expect(exhausted?.message).toContain("allowed never (no exhaustion) (baseline never");
  });

  it("lists runs found on one side only, and does not judge runs that did not complete", () => {
    const other = { ...base, profile: "tw-reuse" } as ReadRun;
    const unavailable = {
      ...base,
      profile: "tw-recycle",
      status: "unavailable",
      unavailableReason: "removed in 4.12",
    } as ReadRun;
    const comparison = compareSummaries([base, unavailable], [other, unavailable], defaults);
    expect(comparison.onlyInBase).toEqual(["narrow-range short/client-first"]);
    expect(comparison.onlyInNew).toEqual(["tw-reuse short/client-first"]);
    expect(comparison.pairs).toEqual([
      {
        profile: "tw-recycle",
        client: "short/client-first",
        skipped: "unavailable in the baseline (removed in 4.12)",
        metrics: [],
      },
    ]);
    expect(comparison.regressions).toEqual([]);
    const interrupted = compareSummaries(
      ports2000,
      withRun({ status: "interrupted", okPerSec: 1 }),
      defaults,
    );
    expect(interrupted.pairs[0]?.skipped).toMatch(/^interrupted in the new run/);
    expect(interrupted.regressions).toEqual([]);
  });
});

describe("a scenario's compare: section", () => {
  it("reads percentages, amounts in the metric's unit, and off (shown, never judged)", () => {
    const { compare } = scenarios.parseText(
      'name: t\ncompare: { tolerance: "12.5%", errors: 50, latencyP99Ms: off }\n',
      "t.yaml",
    );
    expect(compare).toEqual({
      tolerance: { kind: "relative", fraction: 0.125 },
      metrics: { errors: { kind: "absolute", amount: 50 }, latencyP99Ms: { kind: "off" } },
    });
    const slow = withRun({ latencyMs: { p50: 1, p90: 1, p99: 99_999, max: 99_999 } });
    const latency = compareSummaries(ports2000, slow, {
      tolerance: null,
      spec: compare,
    }).pairs[0]?.metrics.find((metric) => metric.metric === "latencyP99Ms");
    expect(latency).toMatchObject({ verdict: "not judged", allowed: null, tolerance: "off", new: 99_999 });
  });

  it("refuses what is not a tolerance, naming the key and the accepted forms", () => {
    const refused = (section: string) => {
      try {
        scenarios.parseText(`name: t\ncompare: ${section}\n`, "t.yaml");
      } catch (error) {
        return (error as Error).message;
      }
      return "accepted";
    };
    expect(refused("{ okPerSec: ten }")).toContain(
      'compare.okPerSec: must be a percentage of the baseline such as "10%", an amount in the metric\'s unit such as 200, or off',
    );
    expect(refused("{ errors: -1 }")).toContain("compare.errors: must be a percentage");
    expect(refused('{ tolerance: "2000%" }')).toContain("compare.tolerance: must be at most 1000%");
    expect(refused("{ p99: 5% }")).toMatch(
      /compare\.p99: unknown key "p99".*allowed keys: tolerance, exhaustedAtMs/,
    );
  });
});
