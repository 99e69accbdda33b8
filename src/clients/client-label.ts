import type { ClientLabelFields } from "../scenario/client-kind.js";
import { pooledClient } from "./pooled/plan.js";
import { clientKinds } from "./registry.js";

/**
 * How a client is named in the table, the progress line and predictions: `short/client-first`, `pooled(16)`,
 * `short/leak nofile=1024` when the worker's open-file limit was set, `command(java -jar loadtest.jar)`. Each
 * kind names its own runs; a kind this version does not list (a summary from elsewhere) is named like a pool.
 */
export function clientLabel(client: ClientLabelFields): string {
  return (clientKinds.named(client.client) ?? pooledClient).label(client);
}
