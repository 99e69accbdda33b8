import { limitText, valueWithUnit } from "./compare-metrics.js";
import type { Comparison } from "./compare-runs.js";
import type { JunitCase, JunitSuite } from "./junit-xml.js";

/** One testcase per compared metric of each (profile, client); skipped ones say why they were not judged. */
export function compareSuite(comparison: Comparison): JunitSuite {
  const cases: JunitCase[] = comparison.pairs.flatMap((pair) => {
    const classname = `portlab.compare.${pair.profile}.${pair.client}`;
    if (pair.skipped !== null) return [{ name: "all metrics", classname, skipped: pair.skipped }];
    return pair.metrics.map((metric): JunitCase => {
      const name = metric.metric;
      if (metric.verdict === "not compared" || metric.verdict === "not judged")
        return { name, classname, skipped: metric.message };
      if (metric.verdict !== "regression") return { name, classname };
      const limit = limitText(metric.better, metric.allowed ?? 0, metric.unit);
      return {
        name,
        classname,
        failure: {
          message: metric.message,
          measured: valueWithUnit(metric.new, metric.unit),
          allowed: `${limit} (baseline ${valueWithUnit(metric.base, metric.unit)}, tolerance ${metric.tolerance})`,
        },
      };
    });
  });
  const oneSide = [
    ...comparison.onlyInBase.map((key) => ({ key, side: "baseline" })),
    ...comparison.onlyInNew.map((key) => ({ key, side: "new run" })),
  ];
  for (const { key, side } of oneSide)
    cases.push({ name: key, classname: "portlab.compare.one-side", skipped: `only in the ${side}` });
  return { name: "portlab compare", cases };
}
