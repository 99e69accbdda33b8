import type { Argv } from "yargs";
import { ExitCode } from "../core/errors.js";
import { requireRoot } from "../core/require-root.js";
import { cleanLeftovers } from "../hosts/clean.js";

export function cleanBuilder(yargs: Argv): Argv {
  return yargs;
}

/** `portlab clean`: removes leftovers of killed runs, by portlab's name prefix, and says what it removed. */
export async function executeClean(): Promise<number> {
  requireRoot();
  const report = await cleanLeftovers();
  for (const item of report.removed) process.stdout.write(`removed ${item}\n`);
  for (const id of report.live)
    process.stdout.write(`left sandbox ${id} alone: its portlab run is still going\n`);
  if (report.removed.length === 0) process.stdout.write("nothing to clean\n");
  return ExitCode.ok;
}
