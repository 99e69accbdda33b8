import { metricValue } from "../metrics/metric-values.js";
import { metrics } from "../metrics/registry.js";
import type { ReadRun } from "./summary-extras.js";

/**
 * What `portlab compare` measures per (profile, client), and which way is worse: every metric of the registry.
 * A value of null is "not recorded" (the metric is not compared); exhaustedAtMs reads "never ran out" as
 * +Infinity, so running out where the baseline never did is a regression like running out earlier.
 */
export interface CompareMetric {
  readonly name: string;
  readonly unit: string;
  /** Which direction is better; the other one, past the tolerance, is a regression. */
  readonly better: "higher" | "lower";
  /** How a regression reads: "ran out of ports earlier". */
  readonly worse: string;
  readonly read: (run: ReadRun) => number | null;
}

export const compareMetrics: readonly CompareMetric[] = metrics.map((metric) => ({
  name: metric.name,
  unit: metric.unit,
  better: metric.better,
  worse: metric.worse,
  read: (run) => metricValue(metric, run),
}));

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
