import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../src/core/run-summary.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { thresholdFailures } from "../../src/results/thresholds.js";

const run = (overrides: Partial<RunSummary>): RunSummary =>
  ({
    profile: "narrow-range",
    client: "short",
    status: "ran",
    exhaustedAtMs: 500,
    okPerSec: 100,
    requests: { sent: 2000, ok: 1000, failed: 1000, late: 0, dropped: 0 },
    ...overrides,
  }) as RunSummary;

const scenarioWith = (thresholds: string) =>
  scenarios.parseText(`name: t\nclients: [short, pooled]\nthresholds:\n${thresholds}`, "t.yaml");

describe("thresholds", () => {
  it("pass when each matched run meets them", () => {
    const { thresholds } = scenarioWith(
      "  - { client: short, exhausted: true }\n  - { client: pooled, exhausted: false, maxFailed: 0 }",
    );
    const runs = [
      run({}),
      run({
        client: "pooled",
        exhaustedAtMs: null,
        requests: { sent: 10, ok: 10, failed: 0, late: 0, dropped: 0 },
      }),
    ];
    expect(thresholdFailures(thresholds, runs)).toEqual([]);
  });

  it("name the run and the broken expectation", () => {
    const { thresholds } = scenarioWith(
      "  - { client: pooled, exhausted: false, minOkPerSec: 1900, maxFailed: 0 }",
    );
    const failures = thresholdFailures(thresholds, [run({ client: "pooled" })]);
    expect(failures).toEqual([
      "thresholds (pooled): narrow-range pooled ran out of ports at 500 ms, expected never",
      "thresholds (pooled): narrow-range pooled made 100 ok/s, below the 1900 required",
      "thresholds (pooled): narrow-range pooled failed 1000 requests, more than the 0 allowed",
    ]);
  });

  it("match a short client by its close mode", () => {
    const { thresholds } = scenarios.parseText(
      "name: t\nclients: [short, { kind: short, close: reset }]\nthresholds:\n  - { client: short/reset, exhausted: false }",
      "t.yaml",
    );
    const runs = [run({ closeMode: "client-first" }), run({ closeMode: "reset", exhaustedAtMs: null })];
    expect(thresholdFailures(thresholds, runs)).toEqual([]);
    expect(thresholdFailures(thresholds, [run({ closeMode: "reset" })])).toHaveLength(1);
  });

  it("do not judge runs this kernel could not make", () => {
    const { thresholds } = scenarioWith("  - { exhausted: true }");
    expect(thresholdFailures(thresholds, [run({ status: "unavailable", exhaustedAtMs: null })])).toEqual([]);
  });

  it("are refused when they can match no run", () => {
    expect(() => scenarioWith("  - { profile: tw-reuse, exhausted: true }")).toThrow(
      /thresholds\[0\]\.profile|thresholds\.0\.profile/,
    );
    expect(() => scenarioWith("  - { client: autocannon }")).toThrow(/names no client of this scenario/);
    expect(() => scenarioWith("  - { minOkPerSec: -1 }")).toThrow(/0 or more/);
  });
});
