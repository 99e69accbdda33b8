import type { RunFigure } from "./metric.js";

/** "EADDRNOTAVAIL 412, ECONNRESET 3", most frequent first. */
function errorsCell(errors: Readonly<Record<string, number>> | null): string {
  if (errors === null) return "not observed";
  const entries = Object.entries(errors)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? "-" : entries.map(([code, count]) => `${code} ${count}`).join(", ");
}

/** Failed requests: compared as a count, shown in the table by code. */
export const failedRequests: RunFigure = {
  name: "errors",
  source: "run",
  description: "failed requests",
  unit: "failed requests",
  better: "lower",
  regression: "more is a regression",
  worse: "more failed requests",
  column: "errors",
  value: (run) => run.requests?.failed ?? null,
  cell: (run) => errorsCell(run.errors),
};
