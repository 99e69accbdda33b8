import type { Argv } from "yargs";
import { ExitCode, environmentError, type PortlabError } from "../core/errors.js";
import { requireRoot } from "../core/require-root.js";
import { EngineEmitter } from "../engine/events.js";
import { engineHooks } from "../engine/fault-injection.js";
import { driverNamed } from "../hosts/registry.js";
import { renderJunit } from "../results/junit-xml.js";
import { recordScenario } from "../results/record-scenario.js";
import { evaluateThresholds } from "../results/threshold-checks.js";
import { thresholdSuite } from "../results/threshold-junit.js";
import { thresholdFailures } from "../results/thresholds.js";
import { writeJunitFile } from "../results/write-junit.js";
import type { ArgumentsOf } from "./arguments-of.js";
import type { InterruptWatch } from "./interrupts.js";
import { attachRunLog } from "./log-renderer.js";
import { attachProgressLine } from "./progress-line.js";
import { writeRunReport } from "./report-writer.js";
import { type ScenarioCommandLine, scenarioFlagOptions, scenarioFromCommandLine } from "./scenario-flags.js";
import { attachSummaryPrinter } from "./summary-printer.js";

export type RunArguments = ArgumentsOf<typeof runBuilder>;

export function runBuilder(yargs: Argv) {
  return yargs
    .positional("scenario", {
      type: "string",
      describe: "scenario file (default: scenarios/short-vs-pooled.yaml)",
    })
    .options(scenarioFlagOptions)
    .option("out", {
      type: "string",
      describe: "write the run's files into DIR (new or empty) instead of results/<timestamp>-<name>/",
    })
    .option("force", {
      type: "boolean",
      default: false,
      describe:
        "with --out: write into a directory that is not empty (portlab's files replace same-named ones)",
    })
    .option("json", {
      type: "boolean",
      default: false,
      describe: "print summary.json on stdout and nothing else there",
    })
    .option("junit", {
      type: "string",
      describe: "also write a JUnit XML file: one testcase per threshold and run it matches",
    });
}

function teardownFailed(steps: readonly string[]): PortlabError {
  return environmentError(
    "TEARDOWN_FAILED",
    `teardown failed, so these may be left on this machine: ${steps.join("; ")}`,
    "run `sudo portlab clean` to remove them (it lists what it removes)",
  );
}

/** `portlab run`: the comparison table (or --json summary) on stdout, progress on stderr. */
export async function executeRun(args: RunArguments, interrupts: InterruptWatch): Promise<number> {
  const scenario = await scenarioFromCommandLine(args);
  if (driverNamed(scenario.sandbox.driver).needsRoot) requireRoot();
  const events = new EngineEmitter();
  const flushLog = attachRunLog(events);
  if (!args.json) attachProgressLine(events);
  attachSummaryPrinter(events, { json: args.json });
  const leftBehind: string[] = [];
  events.on("teardown-failed", (step, error) => leftBehind.push(`${step}: ${error}`));
  // A test's pause point, said where the test waits for it.
  events.on("pause", (stage) => process.stderr.write(`portlab-pause: ${stage}\n`));
  try {
    const { summary, directory } = await recordScenario(scenario, {
      outDir: args.out ?? null,
      force: args.force,
      events,
      signal: interrupts.signal,
      hooks: engineHooks(process.env),
    });
    const reportPath = await writeRunReport(directory, (error) =>
      events.emit("log", "error", "report.html not written", { error: String(error) }),
    );
    if (!args.json && reportPath !== null) process.stdout.write(`report:  ${reportPath}\n`);
    if (args.junit !== undefined) {
      const suite = thresholdSuite(scenario.name, evaluateThresholds(scenario.thresholds, summary.runs));
      await writeJunitFile(args.junit, renderJunit(`portlab run ${scenario.name}`, [suite]));
    }
    // A run that otherwise succeeded ends with exit 3 for what teardown could not remove.
    if (leftBehind.length > 0 && !interrupts.signal.aborted) throw teardownFailed(leftBehind.splice(0));
    if (interrupts.signal.aborted) return ExitCode.ok; // main.ts answers 129/130/143; thresholds judge whole runs only
    const failures = thresholdFailures(scenario.thresholds, summary.runs);
    for (const failure of failures) process.stderr.write(`portlab: threshold failed: ${failure}\n`);
    return failures.length > 0 ? ExitCode.thresholdFailed : ExitCode.ok;
  } finally {
    // Interrupted or failed for another reason: that decides the exit code, but this is still said.
    if (leftBehind.length > 0) process.stderr.write(`portlab: ${teardownFailed(leftBehind).message}\n`);
    flushLog();
  }
}
