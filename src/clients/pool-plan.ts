import * as z from "zod";
import type { ConnectionPattern } from "../core/connection.js";
import type { ClientSpec } from "../core/scenario.js";
import { scenarioDefaults } from "../scenario/defaults.js";
import { connectionsField, nofileField } from "../scenario/schema-client-fields.js";
import { strictMapping } from "../scenario/schema-fields.js";
import { ownClientKind } from "./own-client-plan.js";
import type { PoolClientSpec } from "./pool-spec.js";

type PoolClient = PoolClientSpec;

/** A kind of portlab's own client that keeps a pool of `connections` open, reused request after request. */
export function poolClientKind<Client extends PoolClient>(
  kind: Client["kind"],
  pattern: (client: Client) => ConnectionPattern,
) {
  return ownClientKind({
    kind,
    entry: (limits) =>
      strictMapping(
        { kind: z.literal(kind), connections: connectionsField(limits), nofile: nofileField() },
        `{ kind: ${kind}, connections: 16 }`,
      ),
    normalise: (raw) =>
      ({ kind, connections: raw.connections ?? scenarioDefaults.connections }) as Omit<Client, "nofile">,
    flagKeys: ["connections"],
    pattern,
    summary: (client) => ({ closeMode: null, connections: client.connections }),
    label: (fields) => `${fields.client}(${fields.connections})`,
  });
}
