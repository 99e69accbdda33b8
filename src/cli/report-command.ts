import type { Argv } from "yargs";
import { ExitCode } from "../core/errors.js";
import { writeReport } from "../report/write-report.js";
import type { ArgumentsOf } from "./arguments-of.js";

export type ReportArguments = ArgumentsOf<typeof reportBuilder>;

export function reportBuilder(yargs: Argv) {
  return yargs.positional("directory", {
    type: "string",
    demandOption: true,
    describe: "run directory (with summary.json and samples.ndjson)",
  });
}

/** `portlab report DIR`: regenerates DIR/report.html from the run's files (no root needed). */
export async function executeReport(args: ReportArguments): Promise<number> {
  const path = await writeReport(args.directory);
  process.stdout.write(`report: ${path}\n`);
  return ExitCode.ok;
}
