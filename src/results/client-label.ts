import { basename } from "node:path";
import type { RunSummary } from "./summary-types.js";

const COMMAND_LABEL_CHARS = 40;

/** `command(java -jar loadtest.jar)`: the program and its arguments, paths by their last part, cut to fit a table. */
function commandLabel(argv: readonly string[]): string {
  const words = argv
    .map((word) => (word.includes("/") && !word.includes("://") ? basename(word) : word))
    .join(" ");
  const short = words.length > COMMAND_LABEL_CHARS ? `${words.slice(0, COMMAND_LABEL_CHARS - 1)}…` : words;
  return `command(${short})`;
}

/**
 * How a client is named in the table, the progress line and predictions: `short/client-first`, `pooled(16)`,
 * `short/leak nofile=1024` when the worker's open-file limit was set, `command(java -jar loadtest.jar)`.
 */
export function clientLabel(
  client: Pick<RunSummary, "client" | "closeMode" | "connections"> &
    Pick<Partial<RunSummary>, "nofile" | "command">,
): string {
  if (client.client === "command") return commandLabel(client.command ?? []);
  const base =
    client.client === "short" ? `short/${client.closeMode}` : `${client.client}(${client.connections})`;
  return client.nofile === undefined || client.nofile === null ? base : `${base} nofile=${client.nofile}`;
}
