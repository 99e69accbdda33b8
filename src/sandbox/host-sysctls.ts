import { compiledScript } from "../compiled-script.js";
import { environmentError } from "../errors.js";
import type { Sysctls } from "../profiles/types.js";
import { runCommand } from "./run-command.js";
import type { SandboxHost } from "./sandbox.js";
import type { SysctlReply, SysctlRequest } from "./sysctl-agent.js";
import { normaliseSysctlValue } from "./sysctl-path.js";

async function askAgent(host: SandboxHost, request: SysctlRequest): Promise<SysctlReply> {
  const command = host.wrap(process.execPath, [
    compiledScript("sandbox/sysctl-agent.js"),
    JSON.stringify(request),
  ]);
  const { stdout } = await runCommand(command.file, command.args);
  return JSON.parse(stdout) as SysctlReply;
}

/** Reads sysctls inside a host; null where the namespace has no such file. */
export async function readSysctls(
  host: SandboxHost,
  names: readonly string[],
): Promise<Record<string, string | null>> {
  return (await askAgent(host, { set: [], read: names })).values;
}

/**
 * Sets sysctls inside a host and returns the values read back there (plus `alsoRead`).
 * A value the kernel refuses or silently changes is an environment error: the run would not measure what it says.
 */
export async function applySysctls(
  host: SandboxHost,
  sysctls: Sysctls,
  alsoRead: readonly string[],
): Promise<Record<string, string>> {
  const reply = await askAgent(host, { set: Object.entries(sysctls), read: alsoRead });
  const problems = Object.entries(reply.failures).map(([name, why]) => `${name}: ${why}`);
  for (const [name, wanted] of Object.entries(sysctls)) {
    const got = reply.values[name];
    if (!(name in reply.failures) && got !== normaliseSysctlValue(wanted)) {
      problems.push(`${name}: set to ${JSON.stringify(wanted)} but reads back ${JSON.stringify(got)}`);
    }
  }
  if (problems.length > 0) {
    throw environmentError(
      "SYSCTL_REJECTED",
      `the ${host.role} host refused kernel parameters:\n  ${problems.join("\n  ")}`,
      "check the values (portlab doctor lists what this kernel supports)",
    );
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.values)) if (value !== null) values[name] = value;
  return values;
}
