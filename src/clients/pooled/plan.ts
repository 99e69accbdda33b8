import type { ClientSpec } from "../../core/scenario.js";
import { poolClientKind } from "../pool-plan.js";

/** portlab's keep-alive pool of `connections`. */
export const pooledClient = poolClientKind<Extract<ClientSpec, { kind: "pooled" }>>(
  "pooled",
  (client) => client,
);
