import * as z from "zod";
import type { ActiveLimits } from "./limits.js";
import { got, positiveCount } from "./schema-fields.js";

/** Bounds of a client's `nofile`: below 64 Node cannot start its worker; above fs.nr_open's default the kernel refuses. */
export const MIN_NOFILE = 64;
export const MAX_NOFILE = 1_048_576;

/** A pool's size (`connections`), of the kinds that keep one. */
export function connectionsField(limits: ActiveLimits) {
  return positiveCount(
    { unit: "connections", example: 16, integer: true, hardMax: 100_000, softMax: (l) => l.connections },
    limits,
  ).optional();
}

/** The worker's open-file limit (RLIMIT_NOFILE, soft and hard), of portlab's own clients: Node itself needs a few dozen. */
export function nofileField() {
  const nofileWanted = `must be a whole number of open files from ${MIN_NOFILE} to ${MAX_NOFILE}, e.g. 1024`;
  return z
    .number({ error: (issue) => `${nofileWanted} (${got(issue.input)})` })
    .int({ error: (issue) => `${nofileWanted} (got ${String(issue.input)})` })
    .min(MIN_NOFILE, { error: (issue) => `${nofileWanted} (got ${String(issue.input)})` })
    .max(MAX_NOFILE, { error: (issue) => `${nofileWanted} (got ${String(issue.input)})` })
    .optional();
}
