import type { RunSummary } from "./summary-types.js";

/**
 * How a client is named in the table, the progress line and predictions: `short/client-first`, `pooled(16)`,
 * `short/leak nofile=1024` when the worker's open-file limit was set.
 */
export function clientLabel(
  client: Pick<RunSummary, "client" | "closeMode" | "connections"> & Pick<Partial<RunSummary>, "nofile">,
): string {
  const base =
    client.client === "short" ? `short/${client.closeMode}` : `${client.client}(${client.connections})`;
  return client.nofile === undefined || client.nofile === null ? base : `${base} nofile=${client.nofile}`;
}
