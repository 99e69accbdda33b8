/**
 * `agent sysctl REQUEST`: sets and reads kernel parameters of the host the agent runs in. /proc/sys/net shows the
 * network namespace of the process that opens it, so writes land in that namespace only, never on the host.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { normaliseSysctlValue, sysctlPath } from "../kernel/sysctl-name.js";
import type { SysctlReply, SysctlRequest } from "../kernel/sysctl-request.js";

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
