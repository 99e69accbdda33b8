/**
 * The sysctl-name rules, in one place: portlab reads and writes only network parameters (net.ipv4, net.ipv6,
 * net.core, and net.netfilter for a NAT router's conntrack), spelled with a-z, 0-9, _ and dots, so a name can never
 * leave /proc/sys/net. Scenario input, the JSON schema, the agent's writes and `portlab inspect`'s reads all go
 * through these.
 */
const FULL = "net\\.(ipv4|ipv6|core|netfilter)\\.[a-z0-9_]+(\\.[a-z0-9_]+)*";
const SHORT = "[a-z0-9_]+";
const SYSCTL_NAME = new RegExp(`^${FULL}$`);
const SHORT_NAME = new RegExp(`^${SHORT}$`);
const SHORT_PREFIX = "net.ipv4.";
/** Conntrack's parameters are said short too: `nf_conntrack_tcp_timeout_time_wait`. */
const CONNTRACK_PREFIX = "net.netfilter.";
const CONNTRACK_SHORT = "nf_conntrack_";

/** For editors (JSON Schema `pattern`): a full name, or a short net.ipv4 / nf_conntrack_ name (one part, no dots). */
export const sysctlNameJsonPattern = `^(${FULL}|${SHORT})$`;

export function isSysctlName(name: string): boolean {
  return SYSCTL_NAME.test(name);
}

/**
 * `tcp_tw_reuse` → `net.ipv4.tcp_tw_reuse`, `nf_conntrack_tcp_timeout_time_wait` → `net.netfilter.…`; a full name
 * passes through; anything else is null.
 */
export function fullSysctlName(name: string): string | null {
  if (SHORT_NAME.test(name))
    return `${name.startsWith(CONNTRACK_SHORT) ? CONNTRACK_PREFIX : SHORT_PREFIX}${name}`;
  return isSysctlName(name) ? name : null;
}

/** `net.ipv4.tcp_tw_reuse` → `tcp_tw_reuse` (how people say it), conntrack's likewise; others keep their prefix. */
export function shortSysctlName(name: string): string {
  if (name.startsWith(SHORT_PREFIX)) return name.slice(SHORT_PREFIX.length);
  const conntrack = name.slice(CONNTRACK_PREFIX.length);
  return name.startsWith(CONNTRACK_PREFIX) &&
    conntrack.startsWith(CONNTRACK_SHORT) &&
    SHORT_NAME.test(conntrack)
    ? conntrack
    : name;
}

/** `net.ipv4.tcp_tw_reuse` → `/proc/sys/net/ipv4/tcp_tw_reuse`; only names that cannot leave /proc/sys/net. */
export function sysctlPath(name: string): string {
  if (!isSysctlName(name)) throw new Error(`not a network sysctl name: ${JSON.stringify(name)}`);
  return `/proc/sys/${name.replaceAll(".", "/")}`;
}

/** The kernel prints multi-value sysctls with tabs; compare and store them with single spaces. */
export function normaliseSysctlValue(value: string): string {
  return value.trim().split(/\s+/).join(" ");
}
