import type { ClientSpec } from "../../core/scenario.js";
import { poolClientKind } from "../pool-plan.js";
import type { PoolClientSpec } from "../pool-spec.js";

/** portlab's keep-alive pool of `connections`. */
export const pooledClient = poolClientKind<PoolClientSpec<"pooled">>("pooled", (client) => client);
