import { clientLabel } from "../clients/client-label.js";
import type { RunSummary } from "../core/run-summary.js";
import { ruledTable } from "../core/text-table.js";

export const NAT_TABLE_COLUMNS = [
  "profile",
  "client",
  "NAT ports",
  "new conn/s (NAT sustains)",
  "NAT ports out",
  "insert_failed/drop",
  "PAWSTimewait s",
  "SYN retrans c",
  "connect p50/p99",
] as const;

function secondsCell(ms: number | null): string {
  return ms === null ? "never" : `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)}s`;
}

/** "by 2s (pred 0.10s)": the router's first drop is seen per sampled second, so the measurement is a bound. */
function exhaustionCell(run: RunSummary): string {
  const measured = run.nat?.exhaustedAtMs ?? null;
  const predicted = run.prediction?.nat;
  const shown = measured === null ? "never" : `by ${measured / 1000}s`;
  return predicted ? `${shown} (pred ${secondsCell(predicted.exhaustedAtMs)})` : shown;
}

function perSecond(value: number): string {
  return value >= 10 ? String(Math.round(value)) : String(Math.round(value * 100) / 100);
}

/** Connections opened per second through the NAT, beside the rate the model says its ports sustain for certain. */
function rateCell(run: RunSummary): string {
  const seconds = run.load.durationMs / 1000;
  const opened = run.connectionsOpened;
  const measured = seconds > 0 && opened !== null ? `${perSecond(opened / seconds)}/s` : "-";
  const sustainable = run.prediction?.nat?.sustainableRate ?? null;
  return sustainable === null ? measured : `${measured} (${perSecond(sustainable)}/s)`;
}

function count(value: number | undefined): string {
  return value === undefined ? "-" : String(value);
}

function millis(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

export function natTableRow(run: RunSummary): string[] {
  const router = run.counters.router ?? {};
  const connect = run.connectMs ?? null;
  return [
    run.status === "interrupted" ? `${run.profile} (interrupted)` : run.profile,
    clientLabel(run),
    run.nat ? String(run.nat.ports.usable) : "-",
    rateCell(run),
    exhaustionCell(run),
    `${count(router.insert_failed)}/${count(router.drop)}`,
    count(run.counters.server.PAWSTimewait),
    count(run.counters.client.TCPSynRetrans),
    connect === null ? "-" : `${millis(connect.p50)}/${millis(connect.p99)} ms`,
  ];
}

/**
 * The runs behind a NAT router, one row each: the router's ports and when they ran out (measured beside the
 * model), the SYNs conntrack dropped, the server's PAWS rejects, the clients' SYN retransmits and connect times.
 * Empty when no run had a NAT.
 */
export function renderNatTable(runs: readonly RunSummary[]): string {
  const natRuns = runs.filter((run) => run.nat !== undefined && run.status !== "unavailable");
  if (natRuns.length === 0) return "";
  return [
    "behind the NAT router (s = server, c = the client hosts together):",
    ...ruledTable(NAT_TABLE_COLUMNS, natRuns.map(natTableRow)),
  ].join("\n");
}
