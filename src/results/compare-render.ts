import { padColumns } from "../core/text-table.js";
import { formatMetricValue } from "./compare-metrics.js";
import type { Comparison, MetricComparison } from "./compare-runs.js";
import { markdownCodeSpan, markdownListItem, markdownText } from "./markdown-text.js";

/** The two sides as the header names them. */
export interface CompareSides {
  readonly base: string;
  readonly new: string;
}

/** "-50%", "+3", "now runs out", "no longer runs out", "" when not compared. */
export function changeText(metric: MetricComparison): string {
  const { base, new: next } = metric;
  if (base === null || next === null) return "";
  const never = Number.POSITIVE_INFINITY;
  if (base === never && next === never) return "0";
  if (base === never) return "now runs out";
  if (next === never) return "no longer runs out";
  const delta = next - base;
  if (base === 0) return delta === 0 ? "0" : `${delta > 0 ? "+" : ""}${formatMetricValue(delta)}`;
  const percent = Math.round((delta / Math.abs(base)) * 1000) / 10;
  return `${percent > 0 ? "+" : ""}${percent}%`;
}

function allowedText(metric: MetricComparison): string {
  if (metric.allowed === null) return metric.verdict === "not judged" ? "off" : "";
  if (metric.allowed === Number.POSITIVE_INFINITY) return `never (${metric.tolerance})`;
  return `${metric.better === "higher" ? ">=" : "<="} ${formatMetricValue(metric.allowed)} (${metric.tolerance})`;
}

function cellsOf(comparison: Comparison): string[][] {
  return comparison.pairs.flatMap((pair) =>
    pair.skipped !== null
      ? [[pair.profile, pair.client, "-", "", "", "", "", `not compared: ${pair.skipped}`]]
      : pair.metrics.map((metric) => [
          pair.profile,
          pair.client,
          metric.metric,
          formatMetricValue(metric.base),
          formatMetricValue(metric.new),
          changeText(metric),
          allowedText(metric),
          metric.verdict === "regression" ? "REGRESSION" : metric.verdict,
        ]),
  );
}

const HEADER = ["profile", "client", "metric", "base", "new", "change", "allowed", "verdict"];

function verdictLine(comparison: Comparison): string {
  const count = comparison.regressions.length;
  return count === 0 ? "no regression" : `${count} regression${count === 1 ? "" : "s"}`;
}

function oneSideLines(comparison: Comparison): string[] {
  const lines: string[] = [];
  if (comparison.onlyInBase.length > 0)
    lines.push(`only in the baseline (not compared): ${comparison.onlyInBase.join(", ")}`);
  if (comparison.onlyInNew.length > 0)
    lines.push(`only in the new run (not compared): ${comparison.onlyInNew.join(", ")}`);
  return lines;
}

/** Padded columns for a terminal, then the one-side runs and each regression as a sentence. */
export function renderCompareText(comparison: Comparison, sides: CompareSides): string {
  const table = padColumns([HEADER, ...cellsOf(comparison)]);
  const lines = [`baseline: ${sides.base}`, `new:      ${sides.new}`, "", ...table, ""];
  lines.push(...oneSideLines(comparison));
  lines.push(`${verdictLine(comparison)}${comparison.regressions.length > 0 ? ":" : ""}`);
  for (const regression of comparison.regressions) lines.push(`  ${regression.message}`);
  return `${lines.join("\n")}\n`;
}

/** A pull-request comment: verdict first, regressions as a list, then the full table. */
export function renderCompareMarkdown(comparison: Comparison, sides: CompareSides): string {
  const failed = comparison.regressions.length > 0;
  const lines = [
    `### portlab compare: ${failed ? `:x: ${verdictLine(comparison)}` : ":white_check_mark: no regression"}`,
    "",
    `Baseline ${markdownCodeSpan(sides.base)} against ${markdownCodeSpan(sides.new)}.`,
    "",
  ];
  for (const regression of comparison.regressions) lines.push(markdownListItem(regression.message));
  if (failed) lines.push("");
  for (const line of oneSideLines(comparison)) lines.push(markdownListItem(line));
  if (comparison.onlyInBase.length + comparison.onlyInNew.length > 0) lines.push("");
  lines.push(`| ${HEADER.join(" | ")} |`, `|${HEADER.map(() => " --- ").join("|")}|`);
  for (const row of cellsOf(comparison)) {
    const cells = row.map((cell, column) =>
      column === 7 && cell === "REGRESSION" ? "**REGRESSION**" : markdownText(cell),
    );
    lines.push(`| ${cells.join(" | ")} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** JSON with "never" for an exhaustion that did not happen (JSON has no Infinity). */
export function renderCompareJson(comparison: Comparison, sides: CompareSides): string {
  const replacer = (_key: string, value: unknown) => (value === Number.POSITIVE_INFINITY ? "never" : value);
  return `${JSON.stringify({ ...sides, ...comparison, regressionCount: comparison.regressions.length }, replacer, 2)}\n`;
}
