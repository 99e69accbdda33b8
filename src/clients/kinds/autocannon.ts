import type { ClientSpec } from "../../scenario/types.js";
import { ownClientKind } from "./own-client.js";

type AutocannonClient = Extract<ClientSpec, { kind: "autocannon" }>;

/** autocannon's own engine with `connections` kept open: a pool, as the model sees it. */
export const autocannonClient = ownClientKind<AutocannonClient>({
  kind: "autocannon",
  pattern: (client) => ({ kind: "pooled", connections: client.connections }),
  summary: (client) => ({ closeMode: null, connections: client.connections }),
});
