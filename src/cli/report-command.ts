import type { Argv } from "yargs";
import { ExitCode } from "../core/errors.js";
import { writeReport } from "../report/write-report.js";

export interface ReportArguments {
  directory: string;
}

export function reportBuilder(yargs: Argv): Argv<ReportArguments> {
  return yargs.positional("directory", {
    type: "string",
    demandOption: true,
    describe: "run directory (with summary.json and samples.ndjson)",
  }) as unknown as Argv<ReportArguments>;
}

/** `portlab report DIR`: regenerates DIR/report.html from the run's files (no root needed). */
export async function executeReport(args: ReportArguments): Promise<number> {
  const path = await writeReport(args.directory);
  process.stdout.write(`report: ${path}\n`);
  return ExitCode.ok;
}
