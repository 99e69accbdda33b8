import * as z from "zod";
import type { ActiveLimits } from "./limits.js";
import { commandClientEntry } from "./schema-command-client.js";
import { got, positiveCount, strictMapping } from "./schema-fields.js";

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
    .enum(["client-first", "server-first", "reset"], {
      error: (issue) => `must be client-first, server-first or reset, ${got(issue.input)}`,
    })
    .optional();
  const byKind = z.discriminatedUnion(
    "kind",
    [
      strictMapping({ kind: z.literal("short"), close }, "{ kind: short, close: server-first }"),
      strictMapping({ kind: z.literal("pooled"), connections }, "{ kind: pooled, connections: 16 }"),
      strictMapping({ kind: z.literal("autocannon"), connections }, "{ kind: autocannon, connections: 16 }"),
      commandClientEntry(limits),
    ],
    { error: (issue) => `must be ${kinds}, ${got((issue.input as { kind?: unknown } | undefined)?.kind)}` },
  );
  return z.union([z.enum(["short", "pooled", "autocannon"]), byKind], {
    error: (issue) =>
      `must be ${shorthands}, or a mapping such as { kind: pooled, connections: 16 }, ${got(issue.input)}`,
  });
}
