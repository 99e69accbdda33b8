import type { RunSummary } from "./summary-types.js";

/** How a client is named in the table, the progress line and predictions: `short/client-first`, `pooled(16)`. */
export function clientLabel(client: Pick<RunSummary, "client" | "closeMode" | "connections">): string {
  return client.client === "short" ? `short/${client.closeMode}` : `${client.client}(${client.connections})`;
}
