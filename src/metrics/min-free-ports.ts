import type { HostMetric } from "./metric.js";

/** The client host's fewest free ephemeral ports in any second: 0 is exhaustion, seen by the sampler. */
export const minFreePorts: HostMetric = {
  name: "minFreePorts",
  source: "hosts",
  description: "lowest free ephemeral ports",
  unit: "ports",
  better: "higher",
  regression: "fewer is a regression",
  worse: "fewer free ports at the lowest point",
  column: "min free",
  roles: ["client"],
  read: (second) => second.freePorts,
  over: "min",
  across: "first",
  cell: (metric) => (metric === null || metric.value === null ? "-" : String(metric.value)),
  legacy: (run) => ({
    value: run.minFreePorts,
    hosts: Object.fromEntries(
      Object.entries(run.hosts ?? {})
        .filter(([, host]) => host.role === "client")
        .map(([name, host]) => [name, host.minFreePorts]),
    ),
  }),
};
