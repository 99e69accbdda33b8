import type { CompareMetricName } from "../core/compare-spec.js";
import { peakTimeWait, type ReadRun } from "./summary-extras.js";

/**
 * What `portlab compare` measures per (profile, client), and which way is worse. A value of null is "not
 * recorded" (the metric is not compared); exhaustedAtMs reads "never ran out" as +Infinity, so running out where
 * the baseline never did is a regression like running out earlier.
 */
export interface CompareMetric {
  readonly name: CompareMetricName;
  readonly unit: string;
  /** Which direction is better; the other one, past the tolerance, is a regression. */
  readonly better: "higher" | "lower";
  /** How a regression reads: "ran out of ports earlier". */
  readonly worse: string;
  readonly read: (run: ReadRun) => number | null;
}

export const compareMetrics: readonly CompareMetric[] = [
  {
    name: "exhaustedAtMs",
    unit: "ms",
    better: "higher",
    worse: "ran out of ports earlier (or where the baseline never did)",
    // Errors not observed (a command client without strace): whether it ran out is not known.
    read: (run) => (run.errors === null ? null : (run.exhaustedAtMs ?? Number.POSITIVE_INFINITY)),
  },
  { name: "okPerSec", unit: "ok/s", better: "higher", worse: "fewer ok/s", read: (run) => run.okPerSec },
  {
    name: "errors",
    unit: "failed requests",
    better: "lower",
    worse: "more failed requests",
    read: (run) => run.requests?.failed ?? null,
  },
  {
    name: "minFreePorts",
    unit: "ports",
    better: "higher",
    worse: "fewer free ports at the lowest point",
    read: (run) => run.minFreePorts,
  },
  {
    name: "latencyP99Ms",
    unit: "ms",
    better: "lower",
    worse: "higher p99 request latency",
    read: (run) => run.latencyMs?.p99 ?? null,
  },
  {
    name: "peakTimeWait",
    unit: "sockets",
    better: "lower",
    worse: "more sockets in TIME_WAIT at the peak",
    read: peakTimeWait,
  },
];

/** "never" for an exhaustion that did not happen, else the number as the table shows it. */
export function formatMetricValue(value: number | null): string {
  if (value === null) return "-";
  if (value === Number.POSITIVE_INFINITY) return "never";
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** "1000 ms", "333.3 ok/s", or "never" (no unit) for an exhaustion that did not happen. */
export function valueWithUnit(value: number | null, unit: string): string {
  return value === Number.POSITIVE_INFINITY || value === null
    ? formatMetricValue(value)
    : `${formatMetricValue(value)} ${unit}`;
}

/** The limit a new value must keep: "at least 1800 ms", "at most 5 failed requests", "never (no exhaustion)". */
export function limitText(better: CompareMetric["better"], allowed: number, unit: string): string {
  if (allowed === Number.POSITIVE_INFINITY) return "never (no exhaustion)";
  return `${better === "higher" ? "at least" : "at most"} ${valueWithUnit(allowed, unit)}`;
}
