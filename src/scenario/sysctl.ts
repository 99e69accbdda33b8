import { fullSysctlName } from "../kernel/sysctl-name.js";

/**
 * Sysctl names and values from scenario input. They end up written under /proc/sys inside a host, so
 * only the network families are allowed and the characters are spelled out (the rules: sysctl-path.ts).
 */
const maxNameLength = 128;
const maxValueLength = 64;

export const portRangeSysctl = "net.ipv4.ip_local_port_range";
const reservedPortsSysctl = "net.ipv4.ip_local_reserved_ports";
export const lowestEphemeralPort = 1024;

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * `tcp_tw_reuse` → `net.ipv4.tcp_tw_reuse`, `nf_conntrack_tcp_timeout_time_wait` → `net.netfilter.…`; full names
 * pass through; anything else is refused.
 */
export function expandSysctlName(name: string): Checked<string> {
  const refuse = (why: string): Checked<string> => ({
    ok: false,
    message: `${JSON.stringify(name)} is not an allowed sysctl name (${why}): use net.ipv4.NAME, net.ipv6.NAME, net.core.NAME or net.netfilter.NAME (lower case, digits, _ and dots), or a short name such as tcp_tw_reuse or nf_conntrack_tcp_timeout_time_wait`,
  });
  if (name.length === 0) return refuse("empty");
  if (name.length > maxNameLength) return refuse(`longer than ${maxNameLength} characters`);
  const full = fullSysctlName(name);
  if (full !== null) return { ok: true, value: full };
  if (/[^a-z0-9_./]/.test(name)) return refuse("only a-z, 0-9, _ and . are allowed");
  if (name.includes("/") || name.includes("..")) return refuse("path parts are not allowed");
  return refuse("not under net.ipv4, net.ipv6, net.core or net.netfilter");
}

/**
 * A number or a string of digits and single spaces, as the kernel prints it ("40000 40999");
 * ip_local_reserved_ports also takes its list syntax ("40000-40100,40200"). Range rules for
 * ip_local_port_range are checked here too, so every way of setting it gets them.
 */
export function checkSysctlValue(fullName: string, value: unknown): Checked<string> {
  const shape =
    fullName === reservedPortsSysctl
      ? 'a port list such as "40000-40100,40200"'
      : 'a whole number (e.g. 1) or digits separated by spaces (e.g. "40000 40999")';
  const refuse = (why: string): Checked<string> => ({ ok: false, message: `${why}; must be ${shape}` });
  let text: string;
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value) || value < 0) return refuse(`${value} is not a whole number >= 0`);
    text = String(value);
  } else if (typeof value === "string") {
    text = value.trim().replace(/ +/g, " ");
  } else {
    return refuse(`got ${describeType(value)}`);
  }
  const allowed = fullName === reservedPortsSysctl ? /^[0-9][0-9 ,-]*$/ : /^[0-9]+( [0-9]+)*$/;
  if (text.length === 0 || text.length > maxValueLength || !allowed.test(text)) {
    return refuse(`${JSON.stringify(typeof value === "string" ? value : text)} is not allowed`);
  }
  if (fullName === portRangeSysctl) {
    const rangeProblem = checkPortRange(text);
    if (rangeProblem !== null) return { ok: false, message: rangeProblem };
  }
  return { ok: true, value: text };
}

/** "LOW HIGH" with lowestEphemeralPort <= LOW <= HIGH <= 65535; null when fine. */
export function checkPortRange(text: string): string | null {
  const parts = text.split(" ");
  const example = 'e.g. "40000 40999"';
  if (parts.length !== 2) return `port range ${JSON.stringify(text)} must be two ports LOW HIGH, ${example}`;
  const [low, high] = parts.map(Number) as [number, number];
  const inRange = (port: number) => port >= lowestEphemeralPort && port <= 65535;
  if (!inRange(low) || !inRange(high)) {
    return `port range ${JSON.stringify(text)} must stay within ${lowestEphemeralPort}..65535, ${example}`;
  }
  if (low > high)
    return `port range ${JSON.stringify(text)} is inverted: LOW must be <= HIGH, e.g. "${high} ${low}"`;
  return null;
}

export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return `the text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
