import { exhaustedAt } from "./exhausted-at.js";
import { failedRequests } from "./failed-requests.js";
import { latencyP99 } from "./latency-p99.js";
import type { HostMetric, Metric } from "./metric.js";
import { minFreePorts } from "./min-free-ports.js";
import { okPerSec } from "./ok-per-sec.js";
import { peakSynSent } from "./peak-syn-sent.js";
import { peakTimeWait } from "./peak-time-wait.js";

/** Every metric, in the order the table, the report and `portlab compare` show them. */
export const metrics: readonly Metric[] = [
  exhaustedAt,
  okPerSec,
  failedRequests,
  peakTimeWait,
  minFreePorts,
  latencyP99,
  peakSynSent,
];

export const hostMetrics: readonly HostMetric[] = metrics.filter(
  (metric): metric is HostMetric => metric.source === "hosts",
);

export const metricNames: readonly string[] = metrics.map((metric) => metric.name);
