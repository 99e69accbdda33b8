import { roleOf } from "../core/host.js";
import type { HostMetricValue } from "../core/run-summary.js";
import type { HostMetric } from "./metric.js";

/** "client/server": the first client host's peak and the server's. */
function clientServerCell(metric: HostMetricValue | null): string {
  const hosts = Object.entries(metric?.hosts ?? {});
  const client = hosts.find(([name]) => roleOf(name) === "client")?.[1];
  return `${client ?? 0}/${metric?.hosts.server ?? 0}`;
}

/** The most TIME_WAIT sockets any host held at once: what holds the client's ports after it closes first. */
export const peakTimeWait: HostMetric = {
  name: "peakTimeWait",
  source: "hosts",
  description: "peak TIME_WAIT sockets on any host",
  unit: "sockets",
  better: "lower",
  regression: "more is a regression",
  worse: "more sockets in TIME_WAIT at the peak",
  column: "peak TIME_WAIT c/s",
  roles: ["client", "router", "server"],
  read: (second) => second.states.TIME_WAIT ?? 0,
  over: "peak",
  across: "max",
  chart: { id: "time-wait", title: "TIME_WAIT sockets per host", label: "TIME_WAIT" },
  cell: clientServerCell,
  legacy: (run) => {
    const hosts: Record<string, number | null> = {};
    if (run.peak?.client) hosts.client = run.peak.client.TIME_WAIT ?? 0;
    if (run.peak?.server) hosts.server = run.peak.server.TIME_WAIT ?? 0;
    for (const [name, host] of Object.entries(run.hosts ?? {}))
      if (typeof host.peak?.TIME_WAIT === "number") hosts[name] = host.peak.TIME_WAIT;
    const known = Object.values(hosts).filter((value): value is number => value !== null);
    return { value: known.length === 0 ? null : Math.max(...known), hosts };
  },
};
