import type { EngineEmitter } from "../engine/events.js";
import { renderComparisonTable } from "../results/comparison-table.js";

/**
 * Renders the engine's `done` event on stdout: summary.json with --json (and nothing else there), otherwise the
 * comparison table and where the results are.
 */
export function attachSummaryPrinter(
  events: EngineEmitter,
  options: { readonly json: boolean },
  stream: NodeJS.WritableStream = process.stdout,
): void {
  let directory = "";
  events.on("directory", (path) => {
    directory = path;
  });
  events.on("done", (summary) => {
    if (options.json) stream.write(`${JSON.stringify(summary, null, 2)}\n`);
    else stream.write(`\n${renderComparisonTable(summary.runs)}\n\nresults: ${directory}\n`);
  });
}
