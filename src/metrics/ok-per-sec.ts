import type { RunFigure } from "./metric.js";

export const okPerSec: RunFigure = {
  name: "okPerSec",
  source: "run",
  description: "successful requests per second",
  unit: "ok/s",
  better: "higher",
  regression: "fewer is a regression",
  worse: "fewer ok/s",
  column: "ok/s",
  value: (run) => run.okPerSec,
  cell: (run) => (run.okPerSec === null ? "-" : String(run.okPerSec)),
};
