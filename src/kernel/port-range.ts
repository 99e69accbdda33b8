import { invalidInput } from "../core/errors.js";
import type { PortRange } from "../core/sample.js";
import { freshNamespaceDefaults } from "./sysctl-facts.js";

const rangeHint = 'give two ports 1-65535, low first: "40000 40999" (sysctl form) or "40000-40999"';

function parsePort(text: string, whole: string): number {
  if (!/^\d{1,5}$/.test(text)) {
    throw invalidInput(
      "INVALID_PORT_RANGE",
      `port range "${whole}": "${text}" is not a port number`,
      rangeHint,
    );
  }
  const port = Number(text);
  if (port < 1 || port > 65535) {
    throw invalidInput("INVALID_PORT_RANGE", `port range "${whole}": ${port} is outside 1-65535`, rangeHint);
  }
  return port;
}

/**
 * Parses `ip_local_port_range` as the kernel prints it ("40000\t40999"), as `sysctl -w` takes it
 * ("40000 40999"), or as the `--port-range` flag takes it ("40000-40999").
 */
export function parsePortRange(text: string): PortRange {
  const parts = text.trim().split(/\s+|-/);
  if (parts.length !== 2) {
    throw invalidInput("INVALID_PORT_RANGE", `port range "${text}" is not two ports`, rangeHint);
  }
  const low = parsePort(parts[0] ?? "", text);
  const high = parsePort(parts[1] ?? "", text);
  if (low > high) {
    throw invalidInput(
      "INVALID_PORT_RANGE",
      `port range "${text}": low ${low} is above high ${high}`,
      rangeHint,
    );
  }
  return { low, high };
}

export function portRangeSize(range: PortRange): number {
  return range.high - range.low + 1;
}

/** Parses `ip_local_reserved_ports` ("40000-40010,40500", empty when none) into ranges. */
export function parseReservedPorts(text: string): PortRange[] {
  const trimmed = text.trim();
  if (trimmed === "") return [];
  return trimmed.split(",").map((item) => {
    const parts = item.trim().split("-");
    if (parts.length === 1) {
      const port = parsePort(parts[0] ?? "", text);
      return { low: port, high: port };
    }
    if (parts.length !== 2) {
      throw invalidInput(
        "INVALID_PORT_RANGE",
        `reserved ports "${text}": "${item}" is not a port or range`,
        rangeHint,
      );
    }
    const low = parsePort(parts[0] ?? "", text);
    const high = parsePort(parts[1] ?? "", text);
    if (low > high) {
      throw invalidInput(
        "INVALID_PORT_RANGE",
        `reserved ports "${text}": "${item}" has low above high`,
        rangeHint,
      );
    }
    return { low, high };
  });
}

/** Distinct reserved ports inside `range` (reserved lists may overlap). */
export function reservedPortsInRange(reserved: readonly PortRange[], range: PortRange): number {
  const clipped = reserved
    .map((r) => ({ low: Math.max(r.low, range.low), high: Math.min(r.high, range.high) }))
    .filter((r) => r.low <= r.high)
    .sort((a, b) => a.low - b.low);
  let count = 0;
  let coveredUpTo = range.low - 1;
  for (const r of clipped) {
    const from = Math.max(r.low, coveredUpTo + 1);
    if (r.high >= from) count += r.high - from + 1;
    coveredUpTo = Math.max(coveredUpTo, r.high);
  }
  return count;
}

/**
 * Ports connect() can pick: the range minus reserved ports minus ports other sockets hold with
 * bind() (a listener inside the range, say), never below zero. connect() skips bound ports.
 */
export function usablePorts(range: PortRange, reservedText = "", boundPorts = 0): number {
  const reserved = reservedPortsInRange(parseReservedPorts(reservedText), range);
  return Math.max(0, portRangeSize(range) - reserved - boundPorts);
}

/** The ephemeral port range in a set of kernel parameters; a fresh namespace's when it was not read. */
export function ephemeralRangeOf(sysctls: Readonly<Record<string, string | null>>): PortRange {
  const name = "net.ipv4.ip_local_port_range";
  return parsePortRange(sysctls[name] ?? freshNamespaceDefaults[name] ?? "");
}
