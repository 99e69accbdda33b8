import { roleOf } from "../core/host.js";
import type { HostMetricValue } from "../core/run-summary.js";
import type { HostMetric, HostSecond } from "./metric.js";
import { hostMetrics } from "./registry.js";

/**
 * Folds every host's seconds into each host metric's run value, as the samples arrive. Hosts are given in their
 * order (clients first), so "the first client host" is the same host whatever order the agents' samples come in.
 */
export class HostMetricTotals {
  private readonly values = new Map<string, Map<string, number | null>>();

  constructor(
    private readonly hostNames: readonly string[],
    private readonly declared: readonly HostMetric[] = hostMetrics,
  ) {}

  observe(host: string, second: HostSecond): void {
    const role = roleOf(host);
    for (const metric of this.declared) {
      if (!(metric.roles as readonly string[]).includes(role)) continue;
      const reading = metric.read(second);
      if (reading === null) continue;
      const byHost = this.values.get(metric.name) ?? new Map<string, number | null>();
      this.values.set(metric.name, byHost);
      const before = byHost.get(host) ?? null;
      byHost.set(host, before === null ? reading : fold(metric.over, before, reading));
    }
  }

  summary(): Record<string, HostMetricValue> {
    return Object.fromEntries(
      this.declared.map((metric) => {
        const byHost = this.values.get(metric.name);
        const hosts: Record<string, number | null> = {};
        for (const name of this.hostNames)
          if ((metric.roles as readonly string[]).includes(roleOf(name)))
            hosts[name] = byHost?.get(name) ?? null;
        return [metric.name, { value: across(metric, hosts), hosts }];
      }),
    );
  }
}

function fold(over: HostMetric["over"], before: number, reading: number): number {
  return over === "peak" ? Math.max(before, reading) : Math.min(before, reading);
}

function across(metric: HostMetric, hosts: Readonly<Record<string, number | null>>): number | null {
  const values = Object.values(hosts);
  if (metric.across === "first") return values[0] ?? null;
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.max(...known);
}
