import { type BenchRow, benchRow } from "./bench-table.js";
import type { DriverOverhead } from "./driver-overhead.js";
import type { ExhaustionResult } from "./exhaustion-run.js";
import type { KeepAliveSection, ShortSection, ToolRate } from "./rate-sections.js";
import type { SamplerTickCost } from "./sampler-tick.js";

/** What one bench run measured; a section is null when it did not run (interrupted, or it failed: see `failures`). */
export interface BenchResults {
  readonly short: ShortSection | null;
  readonly keepAlive: KeepAliveSection | null;
  /** The real tick of the server host after the short section (null if it did not run), and the synthetic parse. */
  readonly samplerTicks: readonly SamplerTickCost[];
  readonly exhaustion: ExhaustionResult | null;
  /** f) each driver's per-run overhead and the short client's rate through its hosts (docker: null without an engine). */
  readonly drivers: readonly DriverOverhead[];
  readonly failures: Readonly<Record<string, string>>;
}

/** A run's overhead outside its load, per driver, aimed at (not a pass/fail target). */
export const RUN_OVERHEAD_AIM_MS = 150;

/** One sampler tick over 60,000 sockets may cost this much. */
export const SAMPLER_BUDGET_MS = 30;
/** The short client's peak RSS at its measured rate may reach this much. */
export const SHORT_RSS_BUDGET_MB = 100;
/** Targets as ratios to the peer (or the budget). */
const tickLabels: Record<SamplerTickCost["kind"], string> = {
  sock_diag: "tick, sock_diag, server host",
  proc: "tick, /proc text, server host",
  synthetic: "parse only, /proc text",
};

export const TARGETS = {
  shortVsWrk: 0.85,
  pooledVsAutocannon: 1.0,
} as const;
const toMb = (kb: number | null): number | null => (kb === null ? null : kb / 1024);

function rateRow(
  metric: string,
  portlab: ToolRate | undefined,
  peer: ToolRate | undefined,
  peerLabel: string,
  target: BenchRow["target"],
  failure: string | undefined,
): BenchRow {
  return benchRow({
    metric,
    portlab: portlab?.ratePerSec ?? null,
    peer: peer?.ratePerSec ?? null,
    unit: "/s",
    peerLabel,
    target,
    note: failure ?? portlab?.note ?? peer?.note ?? null,
  });
}

function memoryRow(
  metric: string,
  portlab: ToolRate | undefined,
  peer: ToolRate | undefined,
  peerLabel: string,
  failure: string | undefined,
): BenchRow {
  return benchRow({
    metric,
    portlab: toMb(portlab?.peakRssKb ?? null),
    peer: toMb(peer?.peakRssKb ?? null),
    unit: "MB",
    peerLabel,
    target: { kind: "none" },
    note: failure ?? peer?.note ?? null,
  });
}

/** The rows of the bench table, in the order of the brief: a) short, b) keep-alive, c) sampler, d) memory, e) exhaustion. */
/** f) per driver: hosts up + parameters + server ready + agents ready + teardown; docker's short rate against netns's. */
function driverRows(drivers: readonly DriverOverhead[], failures: BenchResults["failures"]): BenchRow[] {
  const netns = drivers.find((entry) => entry.driver === "netns");
  const docker = drivers.find((entry) => entry.driver === "docker");
  return [
    ...drivers.map((entry) =>
      benchRow({
        metric: `f) run overhead, ${entry.driver} (hosts ${Math.round(entry.hostsUpMs)}, params ${Math.round(entry.parametersMs)}, server ${Math.round(entry.serverReadyMs)}, agents ${Math.round(entry.agentsReadyMs)}, teardown ${Math.round(entry.teardownMs)} ms)`,
        portlab: entry.totalMs,
        peer: RUN_OVERHEAD_AIM_MS,
        unit: "ms",
        peerLabel: "aim",
        target: { kind: "none" },
        note: null,
      }),
    ),
    benchRow({
      metric: "f) short conn/s (RST close, c=64), docker vs netns",
      portlab: docker?.shortRatePerSec ?? null,
      peer: netns?.shortRatePerSec ?? null,
      unit: "/s",
      peerLabel: "netns driver",
      target: { kind: "none" },
      note: failures["driver docker"] ?? failures["driver netns"] ?? null,
    }),
  ];
}

export function benchRows(results: BenchResults): BenchRow[] {
  const { short, keepAlive, samplerTicks, exhaustion, failures } = results;
  const c = `c=${short?.concurrency ?? 64}`;
  const n = keepAlive?.connections ?? 16;
  const exhaustionNote =
    failures.exhaustion ??
    (exhaustion !== null && !exhaustion.steady.recoveryComplete
      ? "ports still coming back at the end: recycled count cut short"
      : null);
  return [
    rateRow(
      `a) short conn/s, ${c}, server closes`,
      short?.portlab,
      short?.wrk,
      "wrk -t1 Connection: close",
      { kind: "at-least", ratio: TARGETS.shortVsWrk },
      failures.short,
    ),
    rateRow(
      `a) short conn/s, ${c}, vs ab`,
      short?.portlab,
      short?.ab,
      "ab, no -k",
      { kind: "none" },
      failures.short,
    ),
    rateRow(
      `b) keep-alive req/s, N=${n}`,
      keepAlive?.portlab,
      keepAlive?.autocannon,
      "autocannon",
      { kind: "at-least", ratio: TARGETS.pooledVsAutocannon },
      failures.keepAlive,
    ),
    rateRow(
      `b) keep-alive req/s, N=${n}, vs wrk`,
      keepAlive?.portlab,
      keepAlive?.wrk,
      "wrk -t1",
      { kind: "none" },
      failures.keepAlive,
    ),
    ...samplerTicks.map((tick) =>
      benchRow({
        metric: `c) sampler ${tickLabels[tick.kind]}, ${tick.sockets.toLocaleString("en-US")} sockets`,
        portlab: tick.tickMs,
        peer: SAMPLER_BUDGET_MS,
        unit: "ms",
        peerLabel: "budget",
        // The /proc tick is there for contrast: the sampler takes it only where sock_diag is missing.
        target: tick.kind === "proc" ? { kind: "none" } : { kind: "at-most", ratio: 1.0 },
        note: failures.samplerTick ?? null,
      }),
    ),
    memoryRow(
      `d) peak RSS, pooled N=${n}`,
      keepAlive?.portlab,
      keepAlive?.autocannon,
      "autocannon",
      failures.keepAlive,
    ),
    memoryRow("d) peak RSS, short", short?.portlab, short?.wrk, "wrk -t1", failures.short),
    benchRow({
      metric: "d) peak RSS, short, at its rate",
      portlab: toMb(short?.portlab.peakRssKb ?? null),
      peer: SHORT_RSS_BUDGET_MB,
      unit: "MB",
      peerLabel: "budget",
      target: { kind: "at-most", ratio: 1.0 },
      note: failures.short ?? null,
    }),
    benchRow({
      metric: "e) steady ok/s after 61 s, narrow range",
      portlab: exhaustion?.steady.ratePerSec ?? null,
      peer: exhaustion?.predictedRate ?? null,
      unit: "/s",
      peerLabel: "model P/(L+T)",
      target: { kind: "within", fraction: 0.15 },
      note: exhaustionNote,
    }),
    ...driverRows(results.drivers, failures),
  ];
}
