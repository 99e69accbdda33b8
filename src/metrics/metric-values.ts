import type { HostMetricValue, RunSummary } from "../core/run-summary.js";
import type { HostMetric, Metric } from "./metric.js";

/** A host metric of a run: summary.json's `metrics`, or for an older file what its older fields say. */
export function hostMetricValue(metric: HostMetric, run: RunSummary): HostMetricValue | null {
  return run.metrics?.[metric.name] ?? metric.legacy?.(run) ?? null;
}

/** A run's value of a metric; null: not recorded (not compared). */
export function metricValue(metric: Metric, run: RunSummary): number | null {
  return metric.source === "run" ? metric.value(run) : (hostMetricValue(metric, run)?.value ?? null);
}

/** A run's cell in the metric's table column. */
export function metricCell(metric: Metric, run: RunSummary): string {
  if (metric.source === "run") {
    if (metric.cell) return metric.cell(run);
  } else {
    const value = hostMetricValue(metric, run);
    if (metric.cell) return metric.cell(value);
  }
  const value = metricValue(metric, run);
  return value === null ? "-" : String(value);
}
