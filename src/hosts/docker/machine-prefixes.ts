import { runCommand } from "../../core/exec-file.js";
import { findTool } from "../../core/find-tool.js";

/** An IPv4 route or address this machine has, as `ip` lists it. */
export interface MachinePrefix {
  readonly kind: "route" | "address";
  /** A route's destination (a bare address is a /32), or an address with its prefix length ("192.0.2.2/24"). */
  readonly cidr: string;
  /** Its device; a route without one (unreachable, blackhole) names its type instead. */
  readonly device: string;
  /** A route's table, when not main. */
  readonly table: string | null;
}

interface IpRoute {
  readonly type?: unknown;
  readonly dst?: unknown;
  readonly dev?: unknown;
  readonly table?: unknown;
  readonly protocol?: unknown;
}

interface IpLink {
  readonly ifname?: unknown;
  readonly addr_info?: ReadonlyArray<{
    readonly family?: unknown;
    readonly local?: unknown;
    readonly prefixlen?: unknown;
  }>;
}

function jsonArray(text: string): unknown[] {
  const parsed: unknown = JSON.parse(text.trim() || "[]");
  return Array.isArray(parsed) ? parsed : [];
}

/**
 * Routes of `ip -j -4 route show table all`, every table. Left out: a default route (it covers every subnet and
 * yields to any other), and the local table's routes the kernel makes for each address (listed as addresses).
 */
export function routesFromIpJson(text: string): MachinePrefix[] {
  return (jsonArray(text) as IpRoute[]).flatMap((route): MachinePrefix[] => {
    if (typeof route.dst !== "string" || route.dst === "default") return [];
    if (route.table === "local" && route.protocol === "kernel") return [];
    const cidr = route.dst.includes("/") ? route.dst : `${route.dst}/32`;
    if (cidr.endsWith("/0")) return [];
    const type = typeof route.type === "string" ? route.type : "unicast";
    const device = typeof route.dev === "string" ? route.dev : type;
    const table = typeof route.table === "string" && route.table !== "main" ? route.table : null;
    return [{ kind: "route", cidr, device, table }];
  });
}

/** IPv4 addresses of `ip -j -4 addr show`, each with its prefix length and device. */
export function addressesFromIpJson(text: string): MachinePrefix[] {
  return (jsonArray(text) as IpLink[]).flatMap((link) =>
    (link.addr_info ?? []).flatMap((info): MachinePrefix[] =>
      info.family === "inet" && typeof info.local === "string" && typeof info.prefixlen === "number"
        ? [
            {
              kind: "address",
              cidr: `${info.local}/${info.prefixlen}`,
              device: typeof link.ifname === "string" ? link.ifname : "?",
              table: null,
            },
          ]
        : [],
    ),
  );
}

/**
 * This machine's IPv4 routes (every table) and addresses. Without iproute2, or with one too old for `-j`, there is
 * nothing to read: a Linux machine running Docker nearly always has it, and the check is a guard, not a gate.
 */
export async function readMachinePrefixes(): Promise<MachinePrefix[]> {
  if (findTool("ip") === null) return [];
  try {
    const [routes, addresses] = await Promise.all([
      runCommand("ip", ["-j", "-4", "route", "show", "table", "all"], 10_000),
      runCommand("ip", ["-j", "-4", "addr", "show"], 10_000),
    ]);
    return [...routesFromIpJson(routes.stdout), ...addressesFromIpJson(addresses.stdout)];
  } catch {
    return [];
  }
}
