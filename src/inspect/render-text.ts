import type { StateCounts } from "../core/sample.js";
import { padColumns } from "../core/text-table.js";
import { formatRate } from "../kernel/model.js";
import type { DestinationReport, InspectReport } from "./diagnose.js";

/** Destinations shown as table rows; --json lists them all. */
const MAX_ROWS = 20;
/** Destinations that run out, explained with their changes (soonest first). */
const MAX_EXPLAINED = 5;

const count = (value: number): string => value.toLocaleString("en-US");

function seconds(value: number): string {
  return value < 10 ? `${value.toFixed(1)} s` : `${count(Math.round(value))} s`;
}

function runsOut(destination: DestinationReport): string {
  if (destination.exhaustsInS === null) return "holds";
  return destination.exhaustsInS === 0 ? "NOW" : `in ${seconds(destination.exhaustsInS)}`;
}

function otherStates(states: StateCounts): number {
  const { ESTABLISHED = 0, TIME_WAIT = 0, CLOSE_WAIT = 0, ...rest } = states;
  return Object.values(rest).reduce((sum, value) => sum + (value ?? 0), 0);
}

function kernelLine(report: InspectReport): string {
  const value = (name: string) => report.kernelParams[`net.ipv4.${name}`] ?? "n/a";
  const reuse = value("tcp_tw_reuse");
  const reuseNote = reuse === "2" ? " (loopback only)" : reuse === "0" ? " (off)" : "";
  return [
    `tcp_tw_reuse=${reuse}${reuseNote}`,
    `tcp_timestamps=${value("tcp_timestamps")}`,
    `tcp_max_tw_buckets=${value("tcp_max_tw_buckets")}`,
    `tcp_fin_timeout=${value("tcp_fin_timeout")} (does not shorten TIME_WAIT)`,
  ].join(" · ");
}

function explain(destination: DestinationReport, usable: number): string[] {
  const lines = [
    `${destination.local} → ${destination.remote} runs out of ports ${runsOut(destination)}: ${formatRate(destination.newPerSec)} new/s; ${destination.portHoldReason}; ${count(usable)} ports sustain ${formatRate(destination.sustainablePerSec)}/s.`,
  ];
  const holding = destination.changes.filter((change) => change.holds);
  const short = destination.changes.filter((change) => !change.holds);
  if (holding.length > 0) lines.push("  would hold:", ...holding.map((c) => `    ${c.change}: ${c.effect}`));
  if (short.length > 0) lines.push("  not enough:", ...short.map((c) => `    ${c.change}: ${c.effect}`));
  return lines;
}

/** The human form of a report: parameters, one row per (local address, destination), then what would fix it. */
export function renderText(report: InspectReport, label: string): string {
  const { ports } = report;
  const lines = [
    `portlab inspect: ${label} · kernel ${report.kernel} · ${report.intervalS.toFixed(1)} s between readings`,
    `ports: ip_local_port_range ${ports.low}-${ports.high}: ${count(ports.usable)} usable (${count(ports.reserved)} reserved, ${count(ports.bound)} bound) for each source address and destination`,
    ...(report.natPorts === null
      ? []
      : [
          `NAT gateway: ${count(report.natPorts)} SNAT ports per destination for this node (--nat-ports): "left" and "runs out" count them, not the local range`,
        ]),
    `kernel: ${kernelLine(report)}`,
    `new connections: ${formatRate(report.activeOpensPerSec)}/s (Tcp ActiveOpens)${report.unattributedPerSec > 0 ? `, ${formatRate(report.unattributedPerSec)}/s of them left no socket to attribute` : ""}`,
    "",
  ];
  if (report.destinations.length === 0) lines.push("no outgoing connections.");
  else {
    const rows = report.destinations
      .slice(0, MAX_ROWS)
      .map((d) => [
        d.local,
        d.remote,
        count(d.states.ESTABLISHED ?? 0),
        count(d.states.TIME_WAIT ?? 0),
        count(d.states.CLOSE_WAIT ?? 0),
        count(otherStates(d.states)),
        count(d.portsInUse),
        count(d.portsLeft),
        formatRate(d.newPerSec),
        runsOut(d),
      ]);
    const header = [
      "local",
      "destination",
      "ESTAB",
      "TIME_WAIT",
      "CLOSE_WAIT",
      "other",
      "in use",
      "left",
      "new/s",
      "runs out",
    ];
    lines.push(...padColumns([header, ...rows]));
    const hidden = report.destinations.length - MAX_ROWS;
    if (hidden > 0) lines.push(`… ${count(hidden)} more destinations (--json lists them all)`);
  }
  const running = report.destinations.filter((d) => d.exhaustsInS !== null);
  for (const destination of running.slice(0, MAX_EXPLAINED))
    lines.push("", ...explain(destination, report.natPorts ?? ports.usable));
  if (running.length > 0 && report.natPorts !== null) {
    lines.push(
      "",
      "at the gateway: pool connections (keep-alive), or give the node more SNAT ports (more gateway addresses, a larger per-node allocation); see docs/cloud-nat.md",
    );
  }
  if (running.length > 0) {
    lines.push(
      "",
      "not a fix: tcp_fin_timeout (it bounds orphaned FIN_WAIT_2, not TIME_WAIT); tcp_tw_recycle (removed in 4.12)",
    );
  }
  const inbound = report.inbound.filter((group) => Object.keys(group.states).length > 0);
  if (inbound.length > 0) {
    lines.push("", "accepted here (inbound):");
    for (const group of inbound) {
      const states = Object.entries(group.states).map(([state, n]) => `${state} ${count(n ?? 0)}`);
      lines.push(`  ${group.local}  ${states.join(", ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
