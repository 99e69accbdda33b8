/**
 * Served by the agent inside a host (`agent sysctl REQUEST`): /proc/sys/net shows the network namespace of the
 * process that opens it, so writes land in that namespace only, never on the host.
 * REQUEST is JSON { set: [[name, value], …], read: [name, …] }; the reply on stdout is JSON
 * { values: { name: value | null }, failures: { name: message } }.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { normaliseSysctlValue, sysctlPath } from "./sysctl-name.js";

export interface SysctlRequest {
  readonly set: ReadonlyArray<readonly [string, string]>;
  readonly read: readonly string[];
}

export interface SysctlReply {
  readonly values: Record<string, string | null>;
  readonly failures: Record<string, string>;
}

function readSysctl(name: string): string | null {
  try {
    return normaliseSysctlValue(readFileSync(sysctlPath(name), "utf8"));
  } catch {
    return null;
  }
}

export function handleSysctlRequest(request: SysctlRequest): SysctlReply {
  const failures: Record<string, string> = {};
  for (const [name, value] of request.set) {
    try {
      writeFileSync(sysctlPath(name), value);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      failures[name] =
        code === "ENOENT" ? "not in this namespace" : `rejected ${JSON.stringify(value)} (${code})`;
    }
  }
  const values: Record<string, string | null> = {};
  for (const name of new Set([...request.set.map(([name]) => name), ...request.read]))
    values[name] = readSysctl(name);
  return { values, failures };
}
