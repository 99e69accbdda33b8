import * as z from "zod";
import type { ActiveLimits } from "./limits.js";
import { commandClientEntry } from "./schema-command-client.js";
import { got, positiveCount, strictMapping } from "./schema-fields.js";

/** Bounds of a client's `nofile`: below 64 Node cannot start its worker; above fs.nr_open's default the kernel refuses. */
export const MIN_NOFILE = 64;
export const MAX_NOFILE = 1_048_576;

/**
 * A client: `short`, `pooled`, `autocannon`, or a mapping such as { kind: pooled, connections: 16 }, or the
 * user's own program { kind: command, run: [...] }.
 */
export function clientEntry(limits: ActiveLimits) {
  const kinds = "short, pooled, autocannon or command";
  const shorthands = "short, pooled or autocannon";
  const connections = positiveCount(
    { unit: "connections", example: 16, integer: true, hardMax: 100_000, softMax: (l) => l.connections },
    limits,
  ).optional();
  const close = z
    .enum(["client-first", "server-first", "reset", "leak"], {
      error: (issue) => `must be client-first, server-first, reset or leak, ${got(issue.input)}`,
    })
    .optional();
  // The worker's open-file limit (RLIMIT_NOFILE, soft and hard): Node itself needs a few dozen.
  const nofileWanted = `must be a whole number of open files from ${MIN_NOFILE} to ${MAX_NOFILE}, e.g. 1024`;
  const nofile = z
    .number({ error: (issue) => `${nofileWanted} (${got(issue.input)})` })
    .int({ error: (issue) => `${nofileWanted} (got ${String(issue.input)})` })
    .min(MIN_NOFILE, { error: (issue) => `${nofileWanted} (got ${String(issue.input)})` })
    .max(MAX_NOFILE, { error: (issue) => `${nofileWanted} (got ${String(issue.input)})` })
    .optional();
  const byKind = z.discriminatedUnion(
    "kind",
    [
      strictMapping(
        { kind: z.literal("short"), close, nofile },
        "{ kind: short, close: leak, nofile: 1024 }",
      ),
      strictMapping({ kind: z.literal("pooled"), connections, nofile }, "{ kind: pooled, connections: 16 }"),
      strictMapping(
        { kind: z.literal("autocannon"), connections, nofile },
        "{ kind: autocannon, connections: 16 }",
      ),
      commandClientEntry(limits),
    ],
    { error: (issue) => `must be ${kinds}, ${got((issue.input as { kind?: unknown } | undefined)?.kind)}` },
  );
  return z.union([z.enum(["short", "pooled", "autocannon"]), byKind], {
    error: (issue) =>
      `must be ${shorthands}, or a mapping such as { kind: pooled, connections: 16 }, ${got(issue.input)}`,
  });
}
