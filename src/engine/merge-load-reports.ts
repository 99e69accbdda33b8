import type { DoneMessage, TickMessage } from "../clients/worker/protocol.js";
import type { LatencySummary } from "../core/run-summary.js";

/**
 * Several client hosts each report their own share of the load; the run's figures are their sums. Percentiles
 * cannot be added: the merged p50/p90/p99 are the highest host's, an upper bound of the true merged value
 * (no percentile of a union exceeds the largest of the parts'), and max is exact.
 */

export function mergeLatency(parts: ReadonlyArray<LatencySummary | null | undefined>): LatencySummary | null {
  const known = parts.filter((part): part is LatencySummary => part !== null && part !== undefined);
  if (known.length === 0) return null;
  return {
    p50: Math.max(...known.map((part) => part.p50)),
    p90: Math.max(...known.map((part) => part.p90)),
    p99: Math.max(...known.map((part) => part.p99)),
    max: Math.max(...known.map((part) => part.max)),
  };
}

function sumErrors(parts: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const part of parts)
    for (const [code, count] of Object.entries(part)) sum[code] = (sum[code] ?? 0) + count;
  return sum;
}

const sumOf = <T>(parts: readonly T[], field: (part: T) => number): number =>
  parts.reduce((total, part) => total + field(part), 0);

/** One second of several hosts' load as one tick (the first one's `t`). */
export function mergeTicks(ticks: readonly TickMessage[]): TickMessage {
  const [first] = ticks;
  if (!first) throw new Error("mergeTicks needs at least one tick");
  if (ticks.length === 1) return first;
  const connect = ticks.some((tick) => tick.connectMs !== undefined)
    ? { connectMs: mergeLatency(ticks.map((tick) => tick.connectMs)) }
    : {};
  return {
    ...first,
    sent: sumOf(ticks, (tick) => tick.sent),
    ok: sumOf(ticks, (tick) => tick.ok),
    errors: sumErrors(ticks.map((tick) => tick.errors)),
    late: sumOf(ticks, (tick) => tick.late),
    dropped: sumOf(ticks, (tick) => tick.dropped),
    opened: sumOf(ticks, (tick) => tick.opened),
    latencyMs: mergeLatency(ticks.map((tick) => tick.latencyMs)),
    ...connect,
  };
}

/** Every host's final report as the run's: counts added, each error code's earliest first time, the longest duration. */
export function mergeDone(reports: readonly DoneMessage[]): DoneMessage {
  const [first] = reports;
  if (!first) throw new Error("mergeDone needs at least one report");
  if (reports.length === 1) return first;
  const firstErrorMs: Record<string, number> = {};
  for (const report of reports)
    for (const [code, ms] of Object.entries(report.firstErrorMs))
      firstErrorMs[code] = Math.min(firstErrorMs[code] ?? ms, ms);
  const connect = reports.some((report) => report.connectMs !== undefined)
    ? { connectMs: mergeLatency(reports.map((report) => report.connectMs)) }
    : {};
  return {
    ...first,
    durationMs: Math.max(...reports.map((report) => report.durationMs)),
    sent: sumOf(reports, (report) => report.sent),
    ok: sumOf(reports, (report) => report.ok),
    failed: sumOf(reports, (report) => report.failed),
    late: sumOf(reports, (report) => report.late),
    dropped: sumOf(reports, (report) => report.dropped),
    opened: sumOf(reports, (report) => report.opened),
    errors: sumErrors(reports.map((report) => report.errors)),
    firstErrorMs,
    latencyMs: mergeLatency(reports.map((report) => report.latencyMs)),
    ...connect,
  };
}
