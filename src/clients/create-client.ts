import type { ClientSpec } from "../core/scenario.js";
import { createPooledClient } from "./pooled-client.js";
import { createShortClient } from "./short-client.js";
import type { ClientEndpoint, HttpClient } from "./types.js";

/**
 * The per-request client for a spec; autocannon runs its own engine (see runAutocannonLoad). The worker keeps
 * this small map of its own rather than read the client-kind registry (clients/kinds): the agent that loads the
 * worker imports only what runs the load, not the scenario schema and the model the registry brings along.
 */
export function createClient(
  spec: Exclude<ClientSpec, { kind: "autocannon" }>,
  endpoint: ClientEndpoint,
): HttpClient {
  if (spec.kind === "short") return createShortClient({ ...endpoint, closeMode: spec.close });
  return createPooledClient({ ...endpoint, connections: spec.connections });
}
