import type { Threshold } from "../scenario/types.js";
import type { RunSummary } from "./summary-types.js";

function describe(threshold: Threshold): string {
  const who = [threshold.profile, threshold.client].filter(Boolean).join(" ") || "every run";
  return `thresholds (${who})`;
}

/** What each threshold finds wrong with the runs it matches; empty when all hold. Unavailable runs are not judged. */
export function thresholdFailures(thresholds: readonly Threshold[], runs: readonly RunSummary[]): string[] {
  return thresholds.flatMap((threshold) => {
    const matched = runs.filter(
      (run) =>
        run.status === "ran" &&
        (threshold.profile === null || run.profile === threshold.profile) &&
        (threshold.client === null ||
          [run.client, `${run.client}/${run.closeMode}`].includes(threshold.client)),
    );
    return matched.flatMap((run) => {
      const where = `${describe(threshold)}: ${run.profile} ${run.client}`;
      const failures: string[] = [];
      const exhausted = run.exhaustedAtMs !== null;
      if (threshold.exhausted !== null && exhausted !== threshold.exhausted) {
        failures.push(
          threshold.exhausted
            ? `${where} was expected to run out of ports and never did`
            : `${where} ran out of ports at ${run.exhaustedAtMs} ms, expected never`,
        );
      }
      if (threshold.minOkPerSec !== null && run.okPerSec < threshold.minOkPerSec) {
        failures.push(`${where} made ${run.okPerSec} ok/s, below the ${threshold.minOkPerSec} required`);
      }
      if (threshold.maxFailed !== null && run.requests.failed > threshold.maxFailed) {
        failures.push(
          `${where} failed ${run.requests.failed} requests, more than the ${threshold.maxFailed} allowed`,
        );
      }
      return failures;
    });
  });
}
