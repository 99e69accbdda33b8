import type { Argv } from "yargs";
import { ExitCode, environmentError } from "../core/errors.js";
import { requireRoot } from "../core/require-root.js";
import { STATE_ROOT } from "../core/run-record.js";
import { cleanLeftovers } from "../hosts/clean.js";

export function cleanBuilder(yargs: Argv): Argv {
  return yargs;
}

/**
 * `portlab clean`: removes what the records of dead runs name (under /run/portlab), says what it removed, what it
 * could not (exit 3, CLEAN_FAILED), and what looks like portlab's but has no record (listed, never removed).
 */
export async function executeClean(): Promise<number> {
  requireRoot();
  const outcome = await cleanLeftovers();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  for (const item of outcome.removed) say(`removed ${item}`);
  for (const id of outcome.live) say(`left sandbox ${id} alone: its portlab run is still going`);
  for (const item of outcome.unrecorded) say(`not removed, no record of portlab making it: ${item}`);
  // Not root's own: not portlab's to trust, so a look-alike like the rest.
  for (const problem of outcome.refused) say(`not read: ${problem}`);
  if (outcome.removed.length === 0 && outcome.failed.length === 0) say("nothing to clean");
  if (outcome.failed.length === 0) return ExitCode.ok;
  throw environmentError(
    "CLEAN_FAILED",
    `could not remove: ${outcome.failed.join("; ")}`,
    `fix the cause and run portlab clean again (the records under ${STATE_ROOT} are kept until it succeeds)`,
  );
}
