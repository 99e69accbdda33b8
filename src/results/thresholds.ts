import type { RunSummary } from "../core/run-summary.js";
import type { Threshold } from "../core/scenario.js";
import { evaluateThresholds } from "./threshold-checks.js";

/** What each threshold finds wrong with the runs it matches; empty when all hold. Unavailable runs are not judged. */
export function thresholdFailures(thresholds: readonly Threshold[], runs: readonly RunSummary[]): string[] {
  return evaluateThresholds(thresholds, runs).flatMap((result) =>
    result.checks.filter((check) => !check.passed).map((check) => check.message),
  );
}
