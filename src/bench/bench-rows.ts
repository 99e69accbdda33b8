import { type BenchRow, benchRow } from "./bench-table.js";
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
  readonly failures: Readonly<Record<string, string>>;
}

/** One sampler tick over 60,000 sockets may cost this much. */
export const SAMPLER_BUDGET_MS = 30;
/** The short client's peak RSS at its measured rate may reach this much. */
export const SHORT_RSS_BUDGET_MB = 100;
/** Targets as ratios to the peer (or the budget). */
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
        metric:
          tick.kind === "real"
            ? `c) sampler tick, server host, ${tick.sockets.toLocaleString("en-US")} sockets`
            : `c) sampler parse only, ${tick.sockets.toLocaleString("en-US")} sockets`,
        portlab: tick.tickMs,
        peer: SAMPLER_BUDGET_MS,
        unit: "ms",
        peerLabel: "budget",
        target: { kind: "at-most", ratio: 1.0 },
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
  ];
}
