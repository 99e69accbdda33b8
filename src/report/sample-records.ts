import type { LatencySummary } from "../core/run-summary.js";

/** One line of samples.ndjson as the report reads it; fields newer engines add are optional. */
export interface SampleRecord {
  readonly run: number;
  readonly t: number;
  /** "client", "server", "router", "client-1", … */
  readonly host: string;
  readonly states: Readonly<Record<string, number>>;
  readonly portsInUse: number | null;
  readonly freePorts: number | null;
  readonly tw: number | null;
  /** Client hosts: that second's successful requests, failures by code, and latency where recorded. */
  readonly ok: number | null;
  readonly errors: Readonly<Record<string, number>>;
  readonly latencyMs: LatencySummary | null;
  readonly connectMs: LatencySummary | null;
}

export { roleOf as hostRole } from "../core/host.js";

const numberOrNull = (value: unknown): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

function countsOf(value: unknown): Record<string, number> {
  if (typeof value !== "object" || value === null) return {};
  const counts: Record<string, number> = {};
  for (const [key, count] of Object.entries(value)) if (typeof count === "number") counts[key] = count;
  return counts;
}

function latencyOf(value: unknown): LatencySummary | null {
  if (typeof value !== "object" || value === null) return null;
  const { p50, p90, p99, max } = value as Record<string, unknown>;
  if (typeof p50 !== "number" || typeof p99 !== "number") return null;
  return { p50, p90: numberOrNull(p90) ?? p99, p99, max: numberOrNull(max) ?? p99 };
}

function recordOf(value: unknown): SampleRecord | null {
  if (typeof value !== "object" || value === null) return null;
  const line = value as Record<string, unknown>;
  const run = numberOrNull(line.run);
  const t = numberOrNull(line.t);
  if (run === null || t === null || typeof line.host !== "string") return null;
  return {
    run,
    t,
    host: line.host,
    states: countsOf(line.states),
    portsInUse: numberOrNull(line.portsInUse),
    freePorts: numberOrNull(line.freePorts),
    tw: numberOrNull(line.tw),
    ok: numberOrNull(line.ok),
    errors: countsOf(line.errors),
    latencyMs: latencyOf(line.latencyMs),
    connectMs: latencyOf(line.connectMs),
  };
}

/**
 * samples.ndjson text → records. A line that is not a sample (the torn last line of a killed run) is skipped
 * and counted, so a report still comes out of what was written.
 */
export function parseSamples(text: string): { records: SampleRecord[]; skipped: number } {
  const records: SampleRecord[] = [];
  let skipped = 0;
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    let record: SampleRecord | null = null;
    try {
      record = recordOf(JSON.parse(line));
    } catch {}
    if (record) records.push(record);
    else skipped += 1;
  }
  return { records, skipped };
}
