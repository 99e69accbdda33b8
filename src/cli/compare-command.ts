import type { Argv } from "yargs";
import { ExitCode, invalidInput } from "../core/errors.js";
import { scenarios } from "../engine/scenarios.js";
import { compareSuite } from "../results/compare-junit.js";
import {
  type CompareSides,
  renderCompareJson,
  renderCompareMarkdown,
  renderCompareText,
} from "../results/compare-render.js";
import { compareSummaries } from "../results/compare-runs.js";
import { toleranceFlag } from "../results/compare-tolerance.js";
import { renderJunit } from "../results/junit-xml.js";
import { type LoadedSummary, readSummary } from "../results/read-summary.js";
import { writeJunitFile } from "../results/write-junit.js";
import type { ArgumentsOf } from "./arguments-of.js";

export type CompareArguments = ArgumentsOf<typeof compareBuilder>;

export function compareBuilder(yargs: Argv) {
  return yargs
    .positional("base", {
      type: "string",
      demandOption: true,
      describe: "baseline run directory or summary.json",
    })
    .positional("new", { type: "string", demandOption: true, describe: "new run directory or summary.json" })
    .option("tolerance", {
      type: "string",
      describe: "how far every metric may move the wrong way, as a percentage of the baseline (default 10%)",
    })
    .option("scenario", {
      type: "string",
      describe: "scenario file whose compare: section sets per-metric tolerances",
    })
    .option("json", { type: "boolean", describe: "print the comparison as JSON" })
    .option("markdown", {
      type: "boolean",
      describe: "print the comparison as Markdown (a pull-request comment)",
    })
    .option("junit", { type: "string", describe: "also write a JUnit XML file, one testcase per metric" })
    .conflicts("json", "markdown");
}

function sideText(loaded: LoadedSummary): string {
  const { summary } = loaded;
  const interrupted = summary.interrupted ? ", interrupted" : "";
  return `${loaded.path} (${summary.scenario}, kernel ${summary.kernel}, ${summary.startedAt}${interrupted})`;
}

/** A side without runs would compare nothing and so pass: refused instead. */
function withRuns(loaded: LoadedSummary): LoadedSummary {
  if (loaded.summary.runs.length > 0) return loaded;
  throw invalidInput(
    "NOTHING_TO_COMPARE",
    `${loaded.path}: has no runs, so there is nothing to compare`,
    "compare the summary of a scenario whose runs finished (one interrupted before its first run lists none)",
  );
}

/** `portlab compare BASE NEW`: per (profile, client) what changed; exit 4 on a regression. */
export async function executeCompare(args: CompareArguments): Promise<number> {
  const tolerance = args.tolerance === undefined ? null : toleranceFlag(args.tolerance);
  const spec = args.scenario === undefined ? null : (await scenarios.loadFile(args.scenario)).compare;
  // One after the other, so of two bad files the baseline is always the one named.
  const base = withRuns(await readSummary(args.base));
  const next = withRuns(await readSummary(args.new));
  const comparison = compareSummaries(base.summary.runs, next.summary.runs, { tolerance, spec });
  const sides: CompareSides = { base: sideText(base), new: sideText(next) };
  const render = args.json ? renderCompareJson : args.markdown ? renderCompareMarkdown : renderCompareText;
  process.stdout.write(render(comparison, sides));
  if (args.junit !== undefined) {
    const path = await writeJunitFile(args.junit, renderJunit("portlab compare", [compareSuite(comparison)]));
    process.stderr.write(`junit: ${path}\n`);
  }
  return comparison.regressions.length > 0 ? ExitCode.thresholdFailed : ExitCode.ok;
}
