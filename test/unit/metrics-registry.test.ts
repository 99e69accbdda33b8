import { describe, expect, it } from "vitest";
import type { RunSummary } from "../../src/core/run-summary.js";
import type { HostSample } from "../../src/core/sample.js";
import { scenarios } from "../../src/engine/scenarios.js";
import { HostMetricTotals } from "../../src/metrics/host-metric-totals.js";
import { hostMetricValue, metricValue } from "../../src/metrics/metric-values.js";
import { peakSynSent } from "../../src/metrics/peak-syn-sent.js";
import { hostMetrics, metrics } from "../../src/metrics/registry.js";
import { buildReportModel } from "../../src/report/report-model.js";
import { compareMetrics } from "../../src/results/compare-metrics.js";
import { compareSummaries } from "../../src/results/compare-runs.js";
import { TABLE_COLUMNS } from "../../src/results/comparison-table.js";
import { narrowRangeRun } from "../support/run-summary.js";

function second(host: string, t: number, states: HostSample["states"], freePorts: number | null): HostSample {
  return { t, host, states, portsInUse: 0, freePorts, tw: 0, counters: {} };
}

describe("the metrics registry", () => {
  it("folds each host's seconds: a peak per host, the highest across hosts, the first client's minimum", () => {
    const totals = new HostMetricTotals(["client-1", "client-2", "router", "server"]);
    // The server's sample arrives first: "the first client host" is still client-1, by the hosts' order.
    totals.observe("server", second("server", 1, { TIME_WAIT: 7 }, null));
    totals.observe("client-2", second("client-2", 1, { SYN_SENT: 9, TIME_WAIT: 1 }, 40));
    totals.observe("client-1", second("client-1", 1, { SYN_SENT: 2 }, 100));
    totals.observe("client-1", second("client-1", 2, { SYN_SENT: 5 }, 30));
    const summary = totals.summary();
    expect(summary.peakSynSent).toEqual({ value: 9, hosts: { "client-1": 5, "client-2": 9 } });
    expect(summary.minFreePorts).toEqual({ value: 30, hosts: { "client-1": 30, "client-2": 40 } });
    expect(summary.peakTimeWait).toEqual({
      value: 7,
      hosts: { "client-1": 0, "client-2": 1, router: null, server: 7 },
    });
  });

  it("reads summary.json's metrics, and an older file's fields where it has no metrics", () => {
    const recorded: RunSummary = {
      ...narrowRangeRun,
      metrics: { peakSynSent: { value: 12, hosts: { client: 12 } } },
    };
    expect(metricValue(peakSynSent, recorded)).toBe(12);
    const older: RunSummary = { ...narrowRangeRun };
    delete (older as { metrics?: unknown }).metrics;
    expect(metricValue(peakSynSent, older)).toBeNull();
    const timeWait = hostMetrics.find((metric) => metric.name === "peakTimeWait");
    if (!timeWait) throw new Error("peakTimeWait is not in the registry");
    expect(hostMetricValue(timeWait, older)?.value).toBe(narrowRangeRun.peak.client?.TIME_WAIT);
  });

  it("is what the table, compare, the scenario schema and the report iterate", () => {
    for (const metric of metrics) if (metric.column) expect(TABLE_COLUMNS).toContain(metric.column);
    expect(compareMetrics.map((metric) => metric.name)).toEqual(metrics.map((metric) => metric.name));
    const compareSchema = (scenarios.jsonSchema() as { properties: Record<string, { properties: object }> })
      .properties.compare;
    expect(Object.keys(compareSchema?.properties ?? {})).toEqual([
      "tolerance",
      ...metrics.map((metric) => metric.name),
    ]);
    const run: RunSummary = {
      ...narrowRangeRun,
      metrics: { peakSynSent: { value: 3, hosts: { client: 3 } } },
    };
    const records = [1, 2].map((t) => ({
      run: 0,
      t,
      host: "client",
      states: { SYN_SENT: t },
      portsInUse: 0,
      freePorts: 10,
      tw: 0,
      ok: 1,
      errors: {},
      latencyMs: null,
      connectMs: null,
    }));
    const summary = { ...baseSummary(), runs: [run] };
    const chart = buildReportModel(summary, records).runs[0]?.charts.find((c) => c.id === "run-0-syn-sent");
    expect(chart?.series.map((series) => series.values)).toEqual([[1, 2]]);
    const worse: RunSummary = { ...run, metrics: { peakSynSent: { value: 30, hosts: { client: 30 } } } };
    const comparison = compareSummaries([run], [worse], { tolerance: null, spec: null });
    expect(comparison.regressions.map((regression) => regression.metric)).toContain("peakSynSent");
  });
});

function baseSummary() {
  return {
    portlab: "0.0.0",
    scenario: "metrics",
    kernel: "6.1",
    startedAt: "2026-01-01T00:00:00Z",
    finishedAt: "2026-01-01T00:00:01Z",
    interrupted: false,
  };
}
