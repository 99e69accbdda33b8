#!/usr/bin/env node
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import { ExitCode, invalidInput, isPortlabError } from "../core/errors.js";
import { TeardownStack } from "../core/teardown-stack.js";
import { PORTLAB_VERSION } from "../core/version.js";
import { cleanBuilder, executeClean } from "./clean-command.js";
import { compareBuilder, executeCompare } from "./compare-command.js";
import { doctorBuilder, executeDoctor } from "./doctor-command.js";
import { executeInspect, inspectBuilder } from "./inspect-command.js";
import { type InterruptWatch, watchInterrupts } from "./interrupts.js";
import { executePredict, predictBuilder } from "./predict-command.js";
import { executeReport, reportBuilder } from "./report-command.js";
import { executeRun, runBuilder } from "./run-command.js";

/**
 * The only place that turns errors into messages and exit codes (the table is in docs/errors.md). Signals never
 * kill a command midway: the first one asks it to stop, it tears down what it made, and the exit code says so.
 */
async function main(argv: string[], interrupts: InterruptWatch): Promise<number> {
  let exitCode: number = ExitCode.ok;
  await yargs(argv)
    .scriptName("portlab")
    .version(PORTLAB_VERSION)
    .strict()
    .demandCommand(1, "name a command: run, predict, report, compare, inspect, doctor or clean")
    .fail((message, error) => {
      throw error ?? invalidInput("INVALID_FLAGS", oneLineFlagMessage(message), "see portlab --help");
    })
    .command("run [scenario]", "run a scenario and print the comparison", runBuilder, async (args) => {
      exitCode = await executeRun(args, interrupts);
    })
    .command(
      "predict [scenario]",
      "print the model's predictions without running anything",
      predictBuilder,
      async (args) => {
        exitCode = await executePredict(args);
      },
    )
    .command(
      "report <directory>",
      "regenerate report.html from a run directory",
      reportBuilder,
      async (args) => {
        exitCode = await executeReport(args);
      },
    )
    .command(
      "compare <base> <new>",
      "compare two runs (directories or summary.json); exit 4 on a regression",
      compareBuilder,
      async (args) => {
        exitCode = await executeCompare(args);
      },
    )
    .command(
      "inspect",
      "diagnose a machine's ports: how far from EADDRNOTAVAIL, and what would fix it (read-only)",
      inspectBuilder,
      async (args) => {
        exitCode = await executeInspect(args, interrupts);
      },
    )
    .command("doctor", "check what portlab needs on this machine", doctorBuilder, async (args) => {
      exitCode = await executeDoctor(args);
    })
    .command("clean", "remove leftovers of killed runs", cleanBuilder, async () => {
      exitCode = await executeClean();
    })
    .help()
    .parseAsync();
  return interrupts.exitCode() ?? exitCode;
}

/** yargs spreads some messages over lines and says "Argument: rate"; say it in one line, as the flag is typed. */
function oneLineFlagMessage(message: string): string {
  return message
    .replace(/\s*\n\s*/g, " ")
    .replace(/Argument: ([\w-]+)/g, "--$1")
    .trim();
}

function report(error: unknown): number {
  if (isPortlabError(error)) {
    process.stderr.write(`portlab: ${error.message}\n  fix: ${error.hint}\n  code: ${error.code}\n`);
    return error.exitCode;
  }
  const detail =
    error instanceof Error ? (process.env.PORTLAB_DEBUG ? error.stack : error.message) : String(error);
  process.stderr.write(`portlab: internal error (a bug; please report it with run.log): ${detail}\n`);
  return ExitCode.internal;
}

/** How long the last resort waits for teardown before it exits anyway. */
const LAST_RESORT_TEARDOWN_MS = 60_000;

/**
 * An error that escaped every `finally` (a throw in an event listener, say) would end the process with hosts,
 * nginx and containers still up: tear down whatever is registered, then exit 1.
 */
function lastResort(error: unknown): void {
  process.off("uncaughtException", lastResort);
  process.off("unhandledRejection", lastResort);
  process.on("uncaughtException", () => undefined);
  report(error);
  process.stderr.write("portlab: tearing down what this run made before exiting\n");
  const deadline = setTimeout(() => process.exit(ExitCode.internal), LAST_RESORT_TEARDOWN_MS);
  void TeardownStack.drainAll().then((failures) => {
    for (const failure of failures) process.stderr.write(`portlab: teardown step failed: ${failure.step}\n`);
    if (failures.length > 0)
      process.stderr.write("portlab: run `sudo portlab clean` to remove what is left\n");
    clearTimeout(deadline);
    process.exit(ExitCode.internal);
  });
}
process.on("uncaughtException", lastResort);
process.on("unhandledRejection", lastResort);
// A reader that went away (`portlab predict | head`, a closed terminal) is not an error: the command goes on, and
// ends as it would (teardown included).
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE" && error.code !== "EIO") lastResort(error);
  });
}

const interrupts = watchInterrupts((line) => process.stderr.write(`\n${line}\n`));
main(hideBin(process.argv), interrupts).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = interrupts.exitCode() ?? report(error);
  },
);
