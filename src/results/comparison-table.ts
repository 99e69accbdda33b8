import { clientLabel } from "../clients/client-label.js";
import type { RunSummary } from "../core/run-summary.js";
import { ruledTable } from "../core/text-table.js";
import { metricCell } from "../metrics/metric-values.js";
import { metrics } from "../metrics/registry.js";
import { renderNatTable } from "./nat-table.js";
import { programStatus } from "./program-status.js";

/** Usable ports, per source address × addresses when the client has several. */
function portsCell(ports: RunSummary["ports"]): string {
  if (!ports) return "-";
  return ports.sourceAddresses > 1 ? `${ports.usable}×${ports.sourceAddresses}` : String(ports.usable);
}

const columnMetrics = metrics.filter((metric) => metric.column !== undefined);

export const TABLE_COLUMNS: readonly string[] = [
  "profile",
  "client",
  "ports",
  ...columnMetrics.map((metric) => metric.column ?? metric.name),
];

export function tableRow(run: RunSummary): string[] {
  if (run.status === "unavailable") {
    const reason = run.unavailableReason ?? "not on this kernel";
    return [
      run.profile,
      clientLabel(run),
      "-",
      ...columnMetrics.map((_, index) => (index === 0 ? reason : "-")),
    ];
  }
  return [
    run.status === "interrupted" ? `${run.profile} (interrupted)` : run.profile,
    run.program ? `${clientLabel(run)} ${programStatus(run.program)}` : clientLabel(run),
    portsCell(run.ports),
    ...columnMetrics.map((metric) => metricCell(metric, run)),
  ];
}

/**
 * Plain-text comparison of the runs, one row each, columns padded; runs behind a NAT router get a second table
 * of their own; explanations listed under it.
 */
export function renderComparisonTable(runs: readonly RunSummary[]): string {
  const lines = ruledTable(TABLE_COLUMNS, runs.map(tableRow));
  const nat = renderNatTable(runs);
  const explained = new Map(runs.map((run) => [run.profile, run.explanation]));
  const notes = [...explained].map(([profile, explanation]) => `  ${profile}: ${explanation}`);
  return [...lines, ...(nat === "" ? [] : ["", nat]), "", ...notes].join("\n");
}
