import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ScenarioSummary } from "../../src/core/run-summary.js";
import { buildReportModel } from "../../src/report/report-model.js";
import { hostRole, parseSamples, type SampleRecord } from "../../src/report/sample-records.js";
import type { ReadRun } from "../../src/results/summary-extras.js";

const fixtures = join(import.meta.dirname, "..", "fixtures", "runs");
const summaryOf = (name: string) =>
  JSON.parse(readFileSync(join(fixtures, name, "summary.json"), "utf8")) as ScenarioSummary & {
    runs: ReadRun[];
  };
const samplesOf = (name: string) => readFileSync(join(fixtures, name, "samples.ndjson"), "utf8");

describe("samples.ndjson", () => {
  it("reads every line of a real run, and skips a torn last line", () => {
    const text = samplesOf("ports-1000");
    const lines = text.trim().split("\n");
    const { records, skipped } = parseSamples(`${text}{"run":0,"t":4,"host":"cli`);
    expect(records).toHaveLength(lines.length);
    expect(skipped).toBe(1);
    const first = records[0] as SampleRecord;
    expect(first).toMatchObject({ run: 0, t: 1, host: "client", ok: 970, freePorts: 51, portsInUse: 949 });
    expect(first.latencyMs?.p99).toBeCloseTo(95.232);
    expect(records[1]?.ok).toBeNull(); // the server's line carries no client stats
  });

  it("gives a host its role by dropping the -N of several hosts of a kind", () => {
    expect(["client", "client-2", "router", "server-10"].map(hostRole)).toEqual([
      "client",
      "client",
      "router",
      "server",
    ]);
  });
});

describe("buildReportModel", () => {
  const summary = summaryOf("ports-1000");
  const { records } = parseSamples(samplesOf("ports-1000"));
  const model = buildReportModel(summary, records);
  const run = summary.runs[0] as ReadRun;

  it("draws one panel per run with ports, TIME_WAIT per host, SYN_SENT, requests by code and latency", () => {
    expect(model.runs).toHaveLength(1);
    const charts = model.runs[0]?.charts ?? [];
    expect(charts.map((chart) => chart.id)).toEqual([
      "run-0-ports",
      "run-0-time-wait",
      "run-0-syn-sent",
      "run-0-requests",
      "run-0-latency",
    ]);
    const labels = charts.map((chart) => chart.series.map((series) => series.label));
    expect(labels).toEqual([
      ["free ports", "ports in use"],
      ["TIME_WAIT client", "TIME_WAIT server"],
      ["SYN_SENT client"],
      ["ok/s", "errors/s EADDRNOTAVAIL"],
      ["request p50", "request p99"],
    ]);
    const ports = charts[0];
    expect(ports?.x).toEqual([1, 2, 3]);
    expect(ports?.series[0]?.values).toEqual(
      records.filter((record) => record.host === "client").map((record) => record.freePorts),
    );
  });

  it("adds connect time to the latency chart where the client recorded it", () => {
    const connect = { p50: 0.2, p90: 0.4, p99: 1.5, max: 2 };
    const withConnect = records.map((record) =>
      record.ok === null ? record : { ...record, connectMs: connect },
    );
    const latency = buildReportModel(summary, withConnect).runs[0]?.charts.find(
      (chart) => chart.id === "run-0-latency",
    );
    expect(latency?.series.map((series) => series.label)).toEqual([
      "request p50",
      "request p99",
      "connect p50",
      "connect p99",
    ]);
    expect(latency?.series[3]?.values).toEqual([1.5, 1.5, 1.5]);
  });

  it("marks where ports ran out and where the model said they would, in seconds", () => {
    const markers = model.runs[0]?.charts[0]?.markers ?? [];
    expect(markers.map((marker) => [marker.atSeconds, marker.dash])).toEqual([
      [(run.exhaustedAtMs ?? 0) / 1000, false],
      [(run.prediction?.exhaustedAtMs ?? 0) / 1000, true],
    ]);
    expect(model.runs[0]?.verdict).toBe(
      `ran out of ports at ${((run.exhaustedAtMs ?? 0) / 1000).toFixed(2)} s (the model predicted 1.00 s); 329.7 ok/s, 2000 failed`,
    );
  });

  it("overlays free ports, one series per run, with client hosts summed", () => {
    const twoClients: SampleRecord[] = records.flatMap((record) =>
      record.host === "client"
        ? [
            { ...record, host: "client-1" },
            { ...record, host: "client-2", freePorts: 7 },
          ]
        : [record],
    );
    const second = { ...run, profile: "tw-reuse" } as ReadRun;
    const both = buildReportModel({ ...summary, runs: [run, second] }, [
      ...records,
      ...twoClients.map((record) => ({ ...record, run: 1 })),
    ]);
    expect(both.overlay?.series.map((series) => series.label)).toEqual([
      "narrow-range short/client-first",
      "tw-reuse short/client-first",
    ]);
    // Each line is its run's share of its own range (two client hosts: twice the ports), from 100 % at t=0.
    const clientFree = records.filter((record) => record.host === "client").map((record) => record.freePorts);
    const full = (run.ports?.usable ?? 0) * (run.ports?.sourceAddresses ?? 0);
    const share = (free: number, ports: number) => Math.round((free / ports) * 1000) / 10;
    expect(both.overlay?.unit).toBe("% of its ports free");
    expect(both.overlay?.x[0]).toBe(0);
    expect(both.overlay?.series[0]?.values).toEqual([
      100,
      ...clientFree.map((free) => share(free ?? 0, full)),
    ]);
    expect(both.overlay?.series[1]?.values).toEqual([
      100,
      ...clientFree.map((free) => share((free ?? 0) + 7, 2 * full)),
    ]);
    expect(both.overlay?.markers[0]?.label).toMatch(
      /^narrow-range short\/client-first ran out at \d+\.\d s$/,
    );
    expect(both.runs[1]?.charts[0]?.series.map((series) => series.label)).toEqual([
      "free ports (client-1)",
      "ports in use (client-1)",
      "free ports (client-2)",
      "ports in use (client-2)",
    ]);
  });

  it("keeps a run that did not run, with its reason and no charts, and leaves latency out when not recorded", () => {
    const unavailable = {
      ...run,
      profile: "tw-recycle",
      status: "unavailable",
      unavailableReason: "net.ipv4.tcp_tw_recycle: not on this kernel (removed in 4.12)",
    } as ReadRun;
    const withoutLatency = records.map((record) => ({ ...record, latencyMs: null }));
    const partial = buildReportModel(
      { ...summary, interrupted: true, runs: [run, unavailable] },
      withoutLatency,
    );
    expect(partial.interrupted).toBe(true);
    expect(partial.runs[1]).toMatchObject({
      charts: [],
      verdict: "not run: net.ipv4.tcp_tw_recycle: not on this kernel (removed in 4.12)",
    });
    expect(partial.runs[0]?.charts.map((chart) => chart.id)).not.toContain("run-0-latency");
    expect(partial.overlay?.series).toHaveLength(1);
    expect(partial.table.rows[1]?.[3]).toBe("net.ipv4.tcp_tw_recycle: not on this kernel (removed in 4.12)");
  });

  it("puts every chart on one time axis and lists the parameters read back on both hosts", () => {
    expect(model.maxSeconds).toBe(3);
    const parameters = model.runs[0]?.parameters ?? [];
    expect(parameters).toContainEqual({
      name: "net.ipv4.ip_local_port_range",
      client: "40000 40999",
      server: "32768 60999",
    });
    expect(model.table.columns.at(-1)).toBe("explanation");
    expect(model.table.rows[0]?.at(-1)).toBe(run.explanation);
  });
});
