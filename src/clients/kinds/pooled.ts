import type { ClientSpec } from "../../scenario/types.js";
import { ownClientKind } from "./own-client.js";

type PooledClient = Extract<ClientSpec, { kind: "pooled" }>;

/** A keep-alive pool of `connections`, reused request after request. */
export const pooledClient = ownClientKind<PooledClient>({
  kind: "pooled",
  pattern: (client) => client,
  summary: (client) => ({ closeMode: null, connections: client.connections }),
});
