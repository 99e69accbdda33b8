import type { RunFigure } from "./metric.js";

export const latencyP99: RunFigure = {
  name: "latencyP99Ms",
  source: "run",
  description: "p99 request latency (ms)",
  unit: "ms",
  better: "lower",
  regression: "higher is a regression",
  worse: "higher p99 request latency",
  value: (run) => run.latencyMs?.p99 ?? null,
};
