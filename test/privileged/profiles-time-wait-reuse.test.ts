import { privilegedTestsEnabled } from "../support/prerequisites.js";

const enabled = privilegedTestsEnabled();

import { beforeAll, describe, expect, it } from "vitest";
import type { ScenarioSummary } from "../../src/core/run-summary.js";
import {
  describeRun,
  type EngineRun,
  leftoverNamespaces,
  offBy,
  runOf,
  runScenarioYaml,
} from "../support/run-engine.js";

const TOLERANCE = 0.15;

// 500/s is half of what tcp_tw_reuse sustains on 1,000 ports (1,000 / 1.001 s ≈ 999/s), and without reuse the
// same ports run out at 1,000 / 500 = 2 s.
const belowReuseRate = `
name: tw-reuse-below-rate
load: { rate: 500, duration: 4s }
clients: [short]
profiles: [narrow-range, tw-reuse, tw-reuse-no-timestamps, loopback]
`;

// 1,500/s: over what a 1 s reuse delay sustains (exhausts at 1,000 / 1,500 ≈ 667 ms), far under a 100 ms delay's ~9,900/s.
const overReuseRate = `
name: tw-reuse-over-rate
load: { rate: 1500, duration: 3s }
clients: [short]
profiles: [tw-reuse, tw-reuse-fast]
`;

describe.runIf(enabled)("issue 4: tcp_tw_reuse, timestamps and loopback, measured against the model", () => {
  let below: EngineRun;
  let over: EngineRun;
  let summary500: ScenarioSummary;
  let summary1500: ScenarioSummary;

  beforeAll(async () => {
    below = await runScenarioYaml(belowReuseRate);
    over = await runScenarioYaml(overReuseRate);
    summary500 = below.summary;
    summary1500 = over.summary;
  }, 150_000);

  it("runs every profile (tw-reuse-fast too: this kernel has tcp_tw_reuse_delay) and tears down cleanly", () => {
    expect(summary500.runs.map((run) => run.status)).toEqual(["ran", "ran", "ran", "ran"]);
    expect(summary1500.runs.map((run) => run.status)).toEqual(["ran", "ran"]);
    expect([...below.errors, ...over.errors]).toEqual([]);
    expect(leftoverNamespaces([...below.sandboxIds, ...over.sandboxIds])).toEqual([]);
  });

  it("narrow-range at 500/s: first EADDRNOTAVAIL within 15% of 1,000 / 500 = 2 s", () => {
    const run = runOf(summary500, "narrow-range");
    expect(run.prediction?.exhaustedAtMs).toBe(2000);
    expect(run.exhaustedAtMs, describeRun(run)).not.toBeNull();
    expect(Math.abs(offBy(run.exhaustedAtMs ?? 0, 2000)), describeRun(run)).toBeLessThanOrEqual(TOLERANCE);
  });

  it("tw-reuse below 1,000 ports / 1 s never exhausts, and the client recycles TIME_WAIT ports", () => {
    const run = runOf(summary500, "tw-reuse");
    expect(run.sysctls["net.ipv4.tcp_tw_reuse"]).toBe("1");
    expect(run.prediction?.exhaustedAtMs).toBeNull();
    expect(run.prediction?.sustainableRate ?? 0).toBeGreaterThan(900);
    expect(run.exhaustedAtMs, describeRun(run)).toBeNull();
    expect(run.errors, describeRun(run)).toEqual({});
    expect(run.counters.client.TWRecycled ?? 0, describeRun(run)).toBeGreaterThan(0);
    // More connections than ports: each recycled port served several.
    expect(run.connectionsOpened).toBeGreaterThan(1500);
  });

  it("tw-reuse-no-timestamps at the same load exhausts like no reuse at all", () => {
    const run = runOf(summary500, "tw-reuse-no-timestamps");
    expect(run.sysctls["net.ipv4.tcp_timestamps"]).toBe("0");
    expect(run.prediction?.exhaustedAtMs).toBe(2000);
    expect(run.errors.EADDRNOTAVAIL ?? 0, describeRun(run)).toBeGreaterThan(0);
    expect(Math.abs(offBy(run.exhaustedAtMs ?? 0, 2000)), describeRun(run)).toBeLessThanOrEqual(TOLERANCE);
    expect(run.counters.client.TWRecycled ?? 0, describeRun(run)).toBe(0);
  });

  it("loopback never exhausts where narrow-range over a veth does: the default tcp_tw_reuse=2 reuses there", () => {
    const run = runOf(summary500, "loopback");
    expect(runOf(summary500, "narrow-range").exhaustedAtMs).not.toBeNull();
    expect(run.sysctls["net.ipv4.tcp_tw_reuse"]).toBe("2");
    expect(run.prediction?.exhaustedAtMs).toBeNull();
    expect(run.exhaustedAtMs, describeRun(run)).toBeNull();
    expect(run.errors, describeRun(run)).toEqual({});
    expect(run.counters.client.TWRecycled ?? 0, describeRun(run)).toBeGreaterThan(0);
  });

  it("tw-reuse at 1,500/s exhausts within 15% of the model's 667 ms; tw-reuse-fast (100 ms) never does", () => {
    const slow = runOf(summary1500, "tw-reuse");
    expect(slow.prediction?.exhaustedAtMs).toBe(667);
    expect(slow.exhaustedAtMs, describeRun(slow)).not.toBeNull();
    expect(Math.abs(offBy(slow.exhaustedAtMs ?? 0, 667)), describeRun(slow)).toBeLessThanOrEqual(TOLERANCE);

    const fast = runOf(summary1500, "tw-reuse-fast");
    expect(fast.sysctls["net.ipv4.tcp_tw_reuse_delay"]).toBe("100");
    expect(fast.prediction?.exhaustedAtMs).toBeNull();
    expect(fast.exhaustedAtMs, describeRun(fast)).toBeNull();
    expect(fast.errors, describeRun(fast)).toEqual({});
    expect(fast.requests.ok).toBeGreaterThanOrEqual(4400);
    expect(fast.counters.client.TWRecycled ?? 0, describeRun(fast)).toBeGreaterThan(1000);
  });
});
