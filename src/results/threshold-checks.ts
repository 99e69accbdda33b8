import { clientLabel } from "../clients/client-label.js";
import type { RunSummary } from "../core/run-summary.js";
import type { Threshold } from "../core/scenario.js";

/** One check of a threshold against one run: what was measured, what was allowed, and the verdict. */
export interface ThresholdCheck {
  readonly check: "exhausted" | "minOkPerSec" | "maxFailed";
  readonly measured: string;
  readonly allowed: string;
  readonly passed: boolean;
  /** The sentence a person reads when it failed (the run, the measurement, the expectation). */
  readonly message: string;
}

/** A threshold applied to one run it matches; `run` is null when it matched no run. */
export interface ThresholdResult {
  /** Position in the scenario's `thresholds:` list. */
  readonly index: number;
  readonly threshold: Threshold;
  readonly run: RunSummary | null;
  readonly checks: readonly ThresholdCheck[];
}

/** `thresholds (narrow-range short/reset)`, or `thresholds (every run)`. */
export function describeThreshold(threshold: Threshold): string {
  const who = [threshold.profile, threshold.client].filter(Boolean).join(" ") || "every run";
  return `thresholds (${who})`;
}

function matches(threshold: Threshold, run: RunSummary): boolean {
  return (
    run.status === "ran" &&
    (threshold.profile === null || run.profile === threshold.profile) &&
    (threshold.client === null || [run.client, `${run.client}/${run.closeMode}`].includes(threshold.client))
  );
}

function checksOf(threshold: Threshold, run: RunSummary): ThresholdCheck[] {
  const where = `${describeThreshold(threshold)}: ${run.profile} ${run.client}`;
  const checks: ThresholdCheck[] = [];
  // The scenario rules refuse thresholds on what a run does not observe; a summary read from elsewhere may still.
  const notObserved = (check: ThresholdCheck["check"], allowed: string): ThresholdCheck => ({
    check,
    measured: "not observed",
    allowed,
    passed: false,
    message: `${where}: not observed (a command client's requests, or its errors without strace), cannot be judged`,
  });
  if (threshold.exhausted !== null) {
    const exhausted = run.exhaustedAtMs !== null;
    const allowed = threshold.exhausted ? "runs out of ports" : "never runs out of ports";
    checks.push(
      run.errors === null
        ? notObserved("exhausted", allowed)
        : {
            check: "exhausted",
            measured: exhausted ? `ran out of ports at ${run.exhaustedAtMs} ms` : "never ran out of ports",
            allowed,
            passed: exhausted === threshold.exhausted,
            message: threshold.exhausted
              ? `${where} was expected to run out of ports and never did`
              : `${where} ran out of ports at ${run.exhaustedAtMs} ms, expected never`,
          },
    );
  }
  if (threshold.minOkPerSec !== null) {
    const allowed = `at least ${threshold.minOkPerSec} ok/s`;
    const okPerSec = run.okPerSec;
    checks.push(
      okPerSec === null
        ? notObserved("minOkPerSec", allowed)
        : {
            check: "minOkPerSec",
            measured: `${okPerSec} ok/s`,
            allowed,
            passed: okPerSec >= threshold.minOkPerSec,
            message: `${where} made ${okPerSec} ok/s, below the ${threshold.minOkPerSec} required`,
          },
    );
  }
  if (threshold.maxFailed !== null) {
    const allowed = `at most ${threshold.maxFailed} failed requests`;
    const failed = run.requests?.failed ?? null;
    checks.push(
      failed === null
        ? notObserved("maxFailed", allowed)
        : {
            check: "maxFailed",
            measured: `${failed} failed requests`,
            allowed,
            passed: failed <= threshold.maxFailed,
            message: `${where} failed ${failed} requests, more than the ${threshold.maxFailed} allowed`,
          },
    );
  }
  return checks;
}

/** Every threshold against every run it matches (unavailable and interrupted runs are not judged). */
export function evaluateThresholds(
  thresholds: readonly Threshold[],
  runs: readonly RunSummary[],
): ThresholdResult[] {
  return thresholds.flatMap((threshold, index): ThresholdResult[] => {
    const matched = runs.filter((run) => matches(threshold, run));
    if (matched.length === 0) return [{ index, threshold, run: null, checks: [] }];
    return matched.map((run) => ({ index, threshold, run, checks: checksOf(threshold, run) }));
  });
}

/** `narrow-range short/client-first`: which run a result is about. */
export function resultSubject(result: ThresholdResult): string {
  return result.run === null ? "no matching run" : `${result.run.profile} ${clientLabel(result.run)}`;
}
