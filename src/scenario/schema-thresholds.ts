import * as z from "zod";
import type { ClientKinds } from "./client-kinds.js";
import { got, strictMapping } from "./schema-fields.js";
import { identifier } from "./schema-names.js";

/**
 * A CI check on the runs it matches (by profile and/or client kind): whether they must run out of ports, a floor
 * on ok/s, a ceiling on failed requests. A failed threshold makes `portlab run` exit 4.
 */
export function thresholdEntry(kinds: ClientKinds) {
  const atLeastZero = (what: string) =>
    z
      .number({ error: (issue) => `must be a number of ${what} (0 or more), ${got(issue.input)}` })
      .min(0, { error: (issue) => `must be 0 or more ${what} (got ${String(issue.input)})` })
      .refine(Number.isFinite, { error: `must be a finite number of ${what}` })
      .optional();
  // A client kind, or a kind with its variant as the table shows it (short/leak).
  const clients = kinds.everyThresholdName() as [string, ...string[]];
  return strictMapping(
    {
      profile: identifier("narrow-range", "the profile whose runs it checks").optional(),
      client: z
        .enum(clients, {
          error: (issue) => `must be ${clients.join(", ")}, ${got(issue.input)}`,
        })
        .optional(),
      exhausted: z.boolean({ error: (issue) => `must be true or false, ${got(issue.input)}` }).optional(),
      minOkPerSec: atLeastZero("successful requests per second"),
      maxFailed: atLeastZero("failed requests"),
    },
    "{ client: pooled, exhausted: false, minOkPerSec: 1900 }",
  );
}
