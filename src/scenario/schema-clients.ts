import * as z from "zod";
import type { ClientEntrySchema } from "./client-kind.js";
import { type ClientKinds, joinOr } from "./client-kinds.js";
import type { ActiveLimits } from "./limits.js";
import { got } from "./schema-fields.js";

/**
 * A client: `short`, `pooled`, `autocannon`, or a mapping such as { kind: pooled, connections: 16 }, or the
 * user's own program { kind: command, run: [...] }: each kind's mapping is its own (the catalog's client kinds).
 */
export function clientEntry(limits: ActiveLimits, clientKinds: ClientKinds) {
  const kinds = joinOr(clientKinds.all.map((kind) => kind.kind));
  const names = clientKinds.shorthands();
  const entries = clientKinds.all.map((kind) => kind.entry(limits));
  const byKind = z.discriminatedUnion("kind", entries as [ClientEntrySchema, ...ClientEntrySchema[]], {
    error: (issue) => `must be ${kinds}, ${got((issue.input as { kind?: unknown } | undefined)?.kind)}`,
  });
  return z.union([z.enum(names as [string, ...string[]]), byKind], {
    error: (issue) =>
      `must be ${joinOr(names)}, or a mapping such as { kind: pooled, connections: 16 }, ${got(issue.input)}`,
  });
}
