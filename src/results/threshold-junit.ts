import type { JunitCase, JunitSuite } from "./junit-xml.js";
import { describeThreshold, resultSubject, type ThresholdResult } from "./threshold-checks.js";

/** One testcase per threshold and run it matched (a threshold that matched nothing is reported as skipped). */
export function thresholdSuite(scenario: string, results: readonly ThresholdResult[]): JunitSuite {
  const cases = results.map((result): JunitCase => {
    const name = `thresholds[${result.index}] ${resultSubject(result)}`;
    const classname = `portlab.${scenario}.${describeThreshold(result.threshold)}`;
    if (result.run === null) return { name, classname, skipped: "the threshold matched no run that ran" };
    const failed = result.checks.filter((check) => !check.passed);
    if (failed.length === 0) return { name, classname };
    return {
      name,
      classname,
      failure: {
        message: failed.map((check) => check.message).join("; "),
        measured: failed.map((check) => check.measured).join("; "),
        allowed: failed.map((check) => check.allowed).join("; "),
      },
    };
  });
  return { name: `portlab run ${scenario}`, cases };
}
