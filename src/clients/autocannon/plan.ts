import type { ClientSpec } from "../../core/scenario.js";
import { poolClientKind } from "../pool-plan.js";
import type { PoolClientSpec } from "../pool-spec.js";

/** autocannon's own engine with `connections` kept open: a pool, as the model sees it. */
export const autocannonClient = poolClientKind<PoolClientSpec<"autocannon">>("autocannon", (client) => ({
  kind: "pooled",
  connections: client.connections,
}));
