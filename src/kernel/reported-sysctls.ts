import type { PortRange } from "../core/sample.js";
import { ephemeralRangeOf, usablePorts } from "./port-range.js";
import { perNamespaceSysctls } from "./sysctl-facts.js";

/** Read back in each host after a profile is applied, and recorded in summary.json (absent ones are left out). */
export const REPORTED_SYSCTLS = perNamespaceSysctls;

export interface ClientPorts {
  readonly range: PortRange;
  readonly usable: number;
}

/** The client host's ephemeral range and how many of its ports connect() may use, from the values read back. */
export function clientPortRange(sysctls: Readonly<Record<string, string>>): ClientPorts {
  const range = ephemeralRangeOf(sysctls);
  return { range, usable: usablePorts(range, sysctls["net.ipv4.ip_local_reserved_ports"] ?? "") };
}
