import type { ClientSpec } from "../scenario/types.js";
import { createPooledClient } from "./pooled-client.js";
import { createShortClient } from "./short-client.js";
import type { ClientEndpoint, HttpClient } from "./types.js";

/** The per-request client for a spec; autocannon runs its own engine (see runAutocannonLoad). */
export function createClient(
  spec: Exclude<ClientSpec, { kind: "autocannon" }>,
  endpoint: ClientEndpoint,
): HttpClient {
  if (spec.kind === "short") return createShortClient({ ...endpoint, closeMode: spec.close });
  return createPooledClient({ ...endpoint, connections: spec.connections });
}
