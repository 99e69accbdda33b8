import * as z from "zod";
import { clientKinds, joinOr, shorthandKinds } from "../clients/kinds/index.js";
import type { ClientEntrySchema } from "../clients/kinds/types.js";
import type { ActiveLimits } from "./limits.js";
import { got } from "./schema-fields.js";

/**
 * A client: `short`, `pooled`, `autocannon`, or a mapping such as { kind: pooled, connections: 16 }, or the
 * user's own program { kind: command, run: [...] }: each kind's mapping is its own (clients/kinds).
 */
export function clientEntry(limits: ActiveLimits) {
  const kinds = joinOr(clientKinds.map((kind) => kind.kind));
  const names = shorthandKinds();
  const entries = clientKinds.map((kind) => kind.entry(limits));
  const byKind = z.discriminatedUnion("kind", entries as [ClientEntrySchema, ...ClientEntrySchema[]], {
    error: (issue) => `must be ${kinds}, ${got((issue.input as { kind?: unknown } | undefined)?.kind)}`,
  });
  return z.union([z.enum(names as [string, ...string[]]), byKind], {
    error: (issue) =>
      `must be ${joinOr(names)}, or a mapping such as { kind: pooled, connections: 16 }, ${got(issue.input)}`,
  });
}
