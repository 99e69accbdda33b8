import { clientLabel } from "../clients/client-label.js";
import type { CompareSpec } from "../core/compare-spec.js";
import { type CompareMetric, compareMetrics, limitText, valueWithUnit } from "./compare-metrics.js";
import { DEFAULT_TOLERANCE, formatTolerance, slack, type Tolerance } from "./compare-tolerance.js";
import type { ReadRun } from "./summary-extras.js";

/** "not judged": shown, with its tolerance off; "not compared": missing on a side. */
export type Verdict = "regression" | "improved" | "within tolerance" | "not judged" | "not compared";

export interface MetricComparison {
  readonly metric: CompareMetric["name"];
  readonly unit: string;
  readonly better: CompareMetric["better"];
  /** null: not recorded; +Infinity (exhaustedAtMs): never ran out. */
  readonly base: number | null;
  readonly new: number | null;
  /** The worst value the new run may have and still pass (null when not compared). */
  readonly allowed: number | null;
  readonly tolerance: string;
  readonly verdict: Verdict;
  /** One sentence naming the run, the metric, both values and the limit. */
  readonly message: string;
}

export interface PairComparison {
  readonly profile: string;
  readonly client: string;
  /** Why the pair was not judged (a side unavailable or interrupted), or null. */
  readonly skipped: string | null;
  readonly metrics: readonly MetricComparison[];
}

export interface Comparison {
  readonly pairs: readonly PairComparison[];
  /** `profile client` of runs found on one side only: listed, never failed. */
  readonly onlyInBase: readonly string[];
  readonly onlyInNew: readonly string[];
  readonly regressions: readonly MetricComparison[];
}

export interface CompareOptions {
  /** `--tolerance`: replaces the scenario's every-metric tolerance. */
  readonly tolerance: Tolerance | null;
  /** The scenario's `compare:` section; its per-metric tolerances win over every other. */
  readonly spec: CompareSpec | null;
}

export function toleranceFor(metric: CompareMetric["name"], options: CompareOptions): Tolerance {
  return options.spec?.metrics[metric] ?? options.tolerance ?? options.spec?.tolerance ?? DEFAULT_TOLERANCE;
}

function keyOf(run: ReadRun): string {
  return `${run.profile} ${clientLabel(run)}`;
}

function judge(metric: CompareMetric, base: ReadRun, next: ReadRun, tolerance: Tolerance, who: string) {
  const baseValue = metric.read(base);
  const newValue = metric.read(next);
  const tolerated = formatTolerance(tolerance, metric.unit);
  const shown = (value: number | null) => valueWithUnit(value, metric.unit);
  if (baseValue === null || newValue === null) {
    const missing = baseValue === null ? "the baseline" : "the new run";
    return {
      base: baseValue,
      new: newValue,
      allowed: null,
      tolerance: tolerated,
      verdict: "not compared" as const,
      message: `${who}: ${metric.name} not recorded in ${missing}`,
    };
  }
  if (tolerance.kind === "off") {
    return {
      base: baseValue,
      new: newValue,
      allowed: null,
      tolerance: tolerated,
      verdict: "not judged" as const,
      message: `${who}: ${metric.name} ${shown(newValue)} (baseline ${shown(baseValue)}, not judged: tolerance off)`,
    };
  }
  const room = slack(tolerance, baseValue);
  const higher = metric.better === "higher";
  const allowed = higher ? baseValue - room : baseValue + room;
  const worse = higher ? newValue < allowed : newValue > allowed;
  const better = higher ? newValue > baseValue + room : newValue < baseValue - room;
  const verdict: Verdict = worse ? "regression" : better ? "improved" : "within tolerance";
  const message = worse
    ? `${who}: ${metric.name} ${shown(newValue)}, allowed ${limitText(metric.better, allowed, metric.unit)} (baseline ${shown(baseValue)}, tolerance ${tolerated}): ${metric.worse}`
    : `${who}: ${metric.name} ${shown(newValue)} (baseline ${shown(baseValue)}, ${verdict})`;
  return { base: baseValue, new: newValue, allowed, tolerance: tolerated, verdict, message };
}

function skipReason(base: ReadRun, next: ReadRun): string | null {
  for (const [side, run] of [
    ["baseline", base],
    ["new run", next],
  ] as const) {
    if (run.status === "unavailable")
      return `unavailable in the ${side} (${run.unavailableReason ?? "not on this kernel"})`;
    if (run.status === "interrupted") return `interrupted in the ${side}: partial numbers are not judged`;
  }
  return null;
}

/**
 * BASE against NEW, per (profile, client label). Each metric moving the wrong way past its tolerance is a
 * regression; runs on one side only and runs that did not complete are listed, not failed.
 */
export function compareSummaries(
  base: readonly ReadRun[],
  next: readonly ReadRun[],
  options: CompareOptions,
): Comparison {
  const newByKey = new Map(next.map((run) => [keyOf(run), run]));
  const baseKeys = new Set(base.map(keyOf));
  const pairs: PairComparison[] = [];
  for (const baseRun of base) {
    const newRun = newByKey.get(keyOf(baseRun));
    if (!newRun || pairs.some((pair) => `${pair.profile} ${pair.client}` === keyOf(baseRun))) continue;
    const who = keyOf(baseRun);
    const skipped = skipReason(baseRun, newRun);
    const metrics =
      skipped === null
        ? compareMetrics.map((metric) => ({
            metric: metric.name,
            unit: metric.unit,
            better: metric.better,
            ...judge(metric, baseRun, newRun, toleranceFor(metric.name, options), who),
          }))
        : [];
    pairs.push({ profile: baseRun.profile, client: clientLabel(baseRun), skipped, metrics });
  }
  return {
    pairs,
    onlyInBase: base.map(keyOf).filter((key) => !newByKey.has(key)),
    onlyInNew: next.map(keyOf).filter((key) => !baseKeys.has(key)),
    regressions: pairs.flatMap((pair) => pair.metrics.filter((metric) => metric.verdict === "regression")),
  };
}
