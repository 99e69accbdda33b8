import { environmentError, internalError } from "../core/errors.js";
import { runCommand } from "../core/exec-file.js";
import type { Host } from "../core/host.js";
import type { Sysctls } from "../core/profile.js";
import { normaliseSysctlValue } from "../kernel/sysctl-name.js";
import { type SysctlReply, type SysctlRequest, sysctlReplySchema } from "../kernel/sysctl-request.js";

type AgentHost = Pick<Host, "name" | "agentCommand">;

async function askAgent(host: AgentHost, request: SysctlRequest): Promise<SysctlReply> {
  const command = host.agentCommand(["sysctl", JSON.stringify(request)]);
  const { stdout } = await runCommand(command.file, command.args, 30_000);
  return parseSysctlReply(host.name, stdout);
}

/** The agent's reply to a sysctl request, checked: anything else is the agent breaking the protocol. */
export function parseSysctlReply(hostName: string, stdout: string): SysctlReply {
  let value: unknown;
  try {
    value = JSON.parse(stdout);
  } catch {
    value = undefined;
  }
  const reply = sysctlReplySchema.safeParse(value);
  if (reply.success) return reply.data;
  throw internalError(
    "AGENT_PROTOCOL",
    `the agent in the ${hostName} host answered a sysctl request with ${JSON.stringify(stdout.slice(0, 120))}`,
    "see run.log (an agent from another portlab? rebuild the images: bash docker/build-images.sh)",
  );
}

/** Reads sysctls inside a host; null where the namespace has no such file. */
export async function readSysctls(
  host: AgentHost,
  names: readonly string[],
): Promise<Record<string, string | null>> {
  return (await askAgent(host, { set: [], read: names })).values;
}

/**
 * Puts sysctls in force inside a host and returns the values read back there (plus `alsoRead`). With
 * `write: false` they were set when the host was made (docker --sysctl) and are only checked.
 * A value the kernel refuses or silently changes is an environment error: the run would not measure what it says.
 */
export async function applySysctls(
  host: AgentHost,
  sysctls: Sysctls,
  alsoRead: readonly string[],
  options: { readonly write: boolean } = { write: true },
): Promise<Record<string, string>> {
  const reply = await askAgent(host, {
    set: options.write ? Object.entries(sysctls) : [],
    read: [...Object.keys(sysctls), ...alsoRead],
  });
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
      `the ${host.name} host refused kernel parameters:\n  ${problems.join("\n  ")}`,
      "check the values (portlab doctor lists what this kernel supports)",
    );
  }
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.values)) if (value !== null) values[name] = value;
  return values;
}
