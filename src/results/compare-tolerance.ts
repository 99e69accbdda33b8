import { parsePercent, type Tolerance } from "../core/compare-spec.js";
import { invalidInput } from "../core/errors.js";

export type { Tolerance };

export const DEFAULT_TOLERANCE: Tolerance = { kind: "relative", fraction: 0.1 };

/** The `--tolerance` flag: a percentage of the baseline, the same for every metric. */
export function toleranceFlag(text: string): Tolerance {
  const parsed = parsePercent(text);
  if (parsed) return parsed;
  throw invalidInput(
    "INVALID_TOLERANCE",
    `--tolerance ${JSON.stringify(text)} is not a percentage`,
    "write it as a percentage of the baseline, e.g. --tolerance 10% (per-metric absolute values go in the scenario's compare: section)",
  );
}

export function formatTolerance(tolerance: Tolerance, unit: string): string {
  if (tolerance.kind === "off") return "off";
  return tolerance.kind === "relative"
    ? `${Math.round(tolerance.fraction * 10_000) / 100}%`
    : `${tolerance.amount} ${unit}`;
}

/** How much worse than `base` a value may be: a share of it, or a fixed amount in the metric's unit. */
export function slack(tolerance: Tolerance, base: number): number {
  if (tolerance.kind === "off") return Number.POSITIVE_INFINITY;
  if (tolerance.kind === "absolute") return tolerance.amount;
  return Number.isFinite(base) ? Math.abs(base) * tolerance.fraction : 0;
}
