import type { RunSummary } from "../core/run-summary.js";
import { deviation } from "../kernel/model.js";
import type { RunFigure } from "./metric.js";

function seconds(ms: number | null): string {
  return ms === null ? "never" : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/** "0.52s (pred 0.50s, +4%)": the measurement first, the model beside it. */
function exhaustionCell(run: RunSummary): string {
  if (run.errors === null) {
    // A command client without strace: its failures are not seen, only the samples' free ports.
    const zero = run.freePortsZeroAtMs;
    return zero === null || zero === undefined ? "not observed" : `not observed (0 free at ${seconds(zero)})`;
  }
  const measured = seconds(run.exhaustedAtMs);
  if (!run.prediction) return measured;
  const predicted = seconds(run.prediction.exhaustedAtMs);
  const off = deviation(run.exhaustedAtMs, run.prediction.exhaustedAtMs);
  if (off === null || run.exhaustedAtMs === null) return `${measured} (pred ${predicted})`;
  const percent = Math.round(off * 100);
  return `${measured} (pred ${predicted}, ${percent >= 0 ? "+" : ""}${percent}%)`;
}

/** When connect() first failed for want of a port; "never ran out" reads as +Infinity, so running out is worse. */
export const exhaustedAt: RunFigure = {
  name: "exhaustedAtMs",
  source: "run",
  description: "first port exhaustion (ms)",
  unit: "ms",
  better: "higher",
  regression: "earlier, or where the baseline never ran out, is a regression",
  worse: "ran out of ports earlier (or where the baseline never did)",
  column: "first EADDRNOTAVAIL",
  // Errors not observed (a command client without strace): whether it ran out is not known.
  value: (run) => (run.errors === null ? null : (run.exhaustedAtMs ?? Number.POSITIVE_INFINITY)),
  cell: exhaustionCell,
};
