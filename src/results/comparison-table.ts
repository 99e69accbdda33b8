import { clientLabel } from "../clients/client-label.js";
import type { RunSummary } from "../core/run-summary.js";
import { ruledTable } from "../core/text-table.js";
import { deviation } from "../kernel/model.js";
import { renderNatTable } from "./nat-table.js";
import { programStatus } from "./program-status.js";

function seconds(ms: number | null): string {
  return ms === null ? "never" : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/** "0.52s (pred 0.50s, +4%)": the measurement first, the model beside it. */
function exhaustionCell(run: RunSummary): string {
  if (run.errors === null) {
    // A command client without strace: its failures are not seen, only the samples' free ports.
    const zero = run.freePortsZeroAtMs;
    return zero === null || zero === undefined ? "not observed" : `not observed (0 free at ${seconds(zero)})`;
  }
  const measured = seconds(run.exhaustedAtMs);
  if (!run.prediction) return measured;
  const predicted = seconds(run.prediction.exhaustedAtMs);
  const off = deviation(run.exhaustedAtMs, run.prediction.exhaustedAtMs);
  if (off === null || run.exhaustedAtMs === null) return `${measured} (pred ${predicted})`;
  const percent = Math.round(off * 100);
  return `${measured} (pred ${predicted}, ${percent >= 0 ? "+" : ""}${percent}%)`;
}

function errorsCell(errors: Readonly<Record<string, number>> | null): string {
  if (errors === null) return "not observed";
  const entries = Object.entries(errors)
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? "-" : entries.map(([code, count]) => `${code} ${count}`).join(", ");
}

/** Usable ports, per source address × addresses when the client has several. */
function portsCell(ports: RunSummary["ports"]): string {
  if (!ports) return "-";
  return ports.sourceAddresses > 1 ? `${ports.usable}×${ports.sourceAddresses}` : String(ports.usable);
}

export const TABLE_COLUMNS = [
  "profile",
  "client",
  "ports",
  "first EADDRNOTAVAIL",
  "ok/s",
  "errors",
  "peak TIME_WAIT c/s",
  "min free",
] as const;

export function tableRow(run: RunSummary): string[] {
  if (run.status === "unavailable") {
    return [
      run.profile,
      clientLabel(run),
      "-",
      run.unavailableReason ?? "not on this kernel",
      "-",
      "-",
      "-",
      "-",
    ];
  }
  const twClient = run.peak.client?.TIME_WAIT ?? 0;
  const twServer = run.peak.server?.TIME_WAIT ?? 0;
  return [
    run.status === "interrupted" ? `${run.profile} (interrupted)` : run.profile,
    run.program ? `${clientLabel(run)} ${programStatus(run.program)}` : clientLabel(run),
    portsCell(run.ports),
    exhaustionCell(run),
    run.okPerSec === null ? "-" : String(run.okPerSec),
    errorsCell(run.errors),
    `${twClient}/${twServer}`,
    run.minFreePorts === null ? "-" : String(run.minFreePorts),
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
