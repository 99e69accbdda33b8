import type { LatencySummary } from "../core/run-summary.js";
import type { HostMetric } from "../metrics/metric.js";
import { hostMetrics } from "../metrics/registry.js";
import type { ReadRun } from "../results/summary-extras.js";
import type { ChartSpec, MarkerSpec, SeriesSpec } from "./chart-spec.js";
import { categoricalColor, colors, errorColor } from "./palette.js";
import { hostRole, type SampleRecord } from "./sample-records.js";

/** The seconds a run has samples for, in order. */
export function secondsOf(records: readonly SampleRecord[]): number[] {
  return [...new Set(records.map((record) => record.t))].sort((a, b) => a - b);
}

/** Host names in the order a reader expects: clients first, then router, then server. */
export function hostsOf(records: readonly SampleRecord[]): string[] {
  const order = (host: string) => ["client", "router", "server"].indexOf(hostRole(host));
  return [...new Set(records.map((record) => record.host))].sort(
    (a, b) => order(a) - order(b) || a.localeCompare(b, "en", { numeric: true }),
  );
}

/** One value per second from the records of one host (null where that host has no line or no value). */
function perSecond(
  seconds: readonly number[],
  records: readonly SampleRecord[],
  host: string,
  read: (record: SampleRecord) => number | null,
): (number | null)[] {
  const byT = new Map(records.filter((record) => record.host === host).map((record) => [record.t, record]));
  return seconds.map((t) => {
    const record = byT.get(t);
    return record ? read(record) : null;
  });
}

/** Sums over the client hosts, second by second (null when no client line has a value that second). */
function clientSum(
  seconds: readonly number[],
  records: readonly SampleRecord[],
  read: (record: SampleRecord) => number | null,
): (number | null)[] {
  return seconds.map((t) => {
    const values = records
      .filter((record) => record.t === t && hostRole(record.host) === "client")
      .map(read)
      .filter((value): value is number => value !== null);
    return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0);
  });
}

const hasValue = (series: SeriesSpec) => series.values.some((value) => value !== null);

/** Measured exhaustion (solid red) and the model's prediction (dashed grey), in seconds since the load began. */
export function exhaustionMarkers(run: ReadRun): MarkerSpec[] {
  const markers: MarkerSpec[] = [];
  if (run.exhaustedAtMs !== null)
    markers.push({
      atSeconds: run.exhaustedAtMs / 1000,
      label: `ran out of ports ${(run.exhaustedAtMs / 1000).toFixed(2)} s`,
      color: colors.measured,
      dash: false,
    });
  const predicted = run.prediction?.exhaustedAtMs;
  if (predicted !== null && predicted !== undefined)
    markers.push({
      atSeconds: predicted / 1000,
      label: `predicted ${(predicted / 1000).toFixed(2)} s`,
      color: colors.predicted,
      dash: true,
    });
  return markers;
}

function portsChart(id: string, seconds: number[], records: readonly SampleRecord[], hosts: string[]) {
  const clients = hosts.filter((host) => hostRole(host) === "client");
  const suffix = (host: string) => (clients.length > 1 ? ` (${host})` : "");
  const series = clients.flatMap((host, index): SeriesSpec[] => [
    {
      label: `free ports${suffix(host)}`,
      color: index === 0 ? colors.freePorts : categoricalColor(index * 2),
      values: perSecond(seconds, records, host, (record) => record.freePorts),
    },
    {
      label: `ports in use${suffix(host)}`,
      color: index === 0 ? colors.portsInUse : categoricalColor(index * 2 + 1),
      values: perSecond(seconds, records, host, (record) => record.portsInUse),
      dash: true,
    },
  ]);
  return {
    id: `${id}-ports`,
    title: "Ephemeral ports (client)",
    unit: "ports",
    series: series.filter(hasValue),
  };
}

/** A host metric's chart (src/metrics/): one series per host of its roles. */
function hostMetricChart(
  id: string,
  metric: HostMetric & { readonly chart: NonNullable<HostMetric["chart"]> },
  seconds: number[],
  records: readonly SampleRecord[],
  hosts: string[],
): Omit<ChartSpec, "x" | "markers"> {
  const series = hosts
    .filter((host) => (metric.roles as readonly string[]).includes(hostRole(host)))
    .map(
      (host, index): SeriesSpec => ({
        label: `${metric.chart.label} ${host}`,
        color: categoricalColor(index + 4),
        values: perSecond(seconds, records, host, (record) => metric.read(record)),
      }),
    );
  return { id: `${id}-${metric.chart.id}`, title: metric.chart.title, unit: metric.unit, series };
}

function requestsChart(id: string, seconds: number[], records: readonly SampleRecord[]) {
  const clientRecords = records.filter((record) => hostRole(record.host) === "client");
  const codes = [...new Set(clientRecords.flatMap((record) => Object.keys(record.errors)))].sort();
  const series: SeriesSpec[] = [
    { label: "ok/s", color: colors.ok, values: clientSum(seconds, clientRecords, (record) => record.ok) },
    ...codes.map((code, index) => ({
      label: `errors/s ${code}`,
      color: errorColor(index),
      values: clientSum(seconds, clientRecords, (record) =>
        record.ok === null ? null : (record.errors[code] ?? 0),
      ),
    })),
  ];
  return {
    id: `${id}-requests`,
    title: "Requests per second",
    unit: "per second",
    series: series.filter(hasValue),
  };
}

function latencyChart(id: string, seconds: number[], records: readonly SampleRecord[], hosts: string[]) {
  const clients = hosts.filter((host) => hostRole(host) === "client");
  const kinds: Array<[string, (record: SampleRecord) => LatencySummary | null, string, string]> = [
    ["request", (record) => record.latencyMs, colors.requestP50, colors.requestP99],
    ["connect", (record) => record.connectMs, colors.connectP50, colors.connectP99],
  ];
  const series = clients.flatMap((host) =>
    kinds.flatMap(([kind, read, p50Color, p99Color]): SeriesSpec[] => {
      const suffix = clients.length > 1 ? ` (${host})` : "";
      return [
        {
          label: `${kind} p50${suffix}`,
          color: p50Color,
          values: perSecond(seconds, records, host, (record) => read(record)?.p50 ?? null),
        },
        {
          label: `${kind} p99${suffix}`,
          color: p99Color,
          values: perSecond(seconds, records, host, (record) => read(record)?.p99 ?? null),
          dash: true,
        },
      ];
    }),
  );
  return { id: `${id}-latency`, title: "Latency", unit: "ms", series: series.filter(hasValue) };
}

/**
 * The charts of one run panel, on its seconds: client ports, each host metric's chart (TIME_WAIT per host,
 * SYN_SENT, …), requests and errors per second, and latency where recorded. A chart with nothing to draw is left out.
 */
export function runCharts(index: number, run: ReadRun, records: readonly SampleRecord[]): ChartSpec[] {
  const seconds = secondsOf(records);
  if (seconds.length === 0) return [];
  const hosts = hostsOf(records);
  const id = `run-${index}`;
  const markers = exhaustionMarkers(run);
  return [
    portsChart(id, seconds, records, hosts),
    ...hostMetrics.flatMap((metric) =>
      metric.chart ? [hostMetricChart(id, { ...metric, chart: metric.chart }, seconds, records, hosts)] : [],
    ),
    requestsChart(id, seconds, records),
    latencyChart(id, seconds, records, hosts),
  ]
    .filter((chart) => chart.series.length > 0)
    .map((chart) => ({ ...chart, x: seconds, markers }));
}
