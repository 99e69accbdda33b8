import { readFileSync } from "node:fs";
import type { PortRange } from "../core/sample.js";
import { DEFAULT_TW_REUSE_DELAY_MS } from "../kernel/model-formulas.js";
import { ephemeralRangeOf } from "../kernel/port-range.js";
import { normaliseSysctlValue, sysctlPath } from "../kernel/sysctl-name.js";

/** The kernel parameters that decide how fast ports run out (all kept per network namespace). */
export const INSPECTED_SYSCTLS = [
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_tw_reuse",
  "net.ipv4.tcp_tw_reuse_delay",
  "net.ipv4.tcp_timestamps",
  "net.ipv4.tcp_max_tw_buckets",
  "net.ipv4.tcp_fin_timeout",
] as const;

/** Values as the kernel prints them (tabs folded to spaces); null where this kernel has no such file. */
export type KernelParamValues = Record<string, string | null>;

/**
 * Reads the parameters of the network namespace this process is in: /proc/sys/net always shows the reader's
 * own namespace, whatever /proc/<pid> one looks at. Only ever opens files for reading.
 */
export function readKernelParamValues(): KernelParamValues {
  const values: KernelParamValues = {};
  for (const name of INSPECTED_SYSCTLS) {
    try {
      values[name] = normaliseSysctlValue(readFileSync(sysctlPath(name), "utf8"));
    } catch {
      values[name] = null;
    }
  }
  return values;
}

export interface KernelParams {
  readonly range: PortRange;
  readonly reservedText: string;
  readonly twReuse: number;
  /** tcp_tw_reuse_delay, or the fixed ~1 s of kernels before 6.14. */
  readonly twReuseDelayMs: number;
  readonly timestamps: boolean;
  /** null when unreadable. */
  readonly maxTwBuckets: number | null;
  readonly finTimeoutS: number | null;
}

function integer(values: KernelParamValues, name: string): number | null {
  const value = Number.parseInt(values[name] ?? "", 10);
  return Number.isFinite(value) ? value : null;
}

/** What the model needs from the values; a missing value falls back to the kernel's default. */
export function interpretKernelParams(values: KernelParamValues): KernelParams {
  return {
    range: ephemeralRangeOf(values),
    reservedText: values["net.ipv4.ip_local_reserved_ports"] ?? "",
    twReuse: integer(values, "net.ipv4.tcp_tw_reuse") ?? 2,
    twReuseDelayMs: integer(values, "net.ipv4.tcp_tw_reuse_delay") ?? DEFAULT_TW_REUSE_DELAY_MS,
    timestamps: (integer(values, "net.ipv4.tcp_timestamps") ?? 1) !== 0,
    maxTwBuckets: integer(values, "net.ipv4.tcp_max_tw_buckets"),
    finTimeoutS: integer(values, "net.ipv4.tcp_fin_timeout"),
  };
}
