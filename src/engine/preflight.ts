import { existsSync } from "node:fs";
import { environmentError } from "../errors.js";
import { checkProfile, type ProfileSupport } from "../profiles/capability.js";
import type { Profile } from "../profiles/types.js";
import { findTool } from "../sandbox/find-tool.js";
import { readSysctls } from "../sandbox/host-sysctls.js";
import { createNetnsSandbox } from "../sandbox/netns-driver.js";
import { sysctlPath } from "../sandbox/sysctl-path.js";
import { TeardownStack } from "../sandbox/teardown-stack.js";

export type { ProfileSupport };

/** Reads every named sysctl in a fresh namespace (what a sandbox host starts from); null where it has none. */
export async function probeFreshNamespace(names: readonly string[]): Promise<Map<string, string | null>> {
  const teardown = new TeardownStack();
  try {
    const probe = await createNetnsSandbox(
      { subnet: "198.18.0.0/24", clientAddresses: 1, topology: "loopback" },
      teardown,
    );
    return new Map(Object.entries(await readSysctls(probe.client, names)));
  } finally {
    await teardown.drain();
  }
}

/** Whether the host namespace has the file at all (read-only look; portlab never writes host sysctls). */
export function hostHasSysctl(name: string): boolean {
  return existsSync(sysctlPath(name));
}

/**
 * Before anything starts: which profiles this kernel can run. A profile marked `refuse` that cannot run stops
 * the scenario here (exit 3); one marked `report` becomes a "not on this kernel" row.
 */
export async function checkKernelSupport(profiles: readonly Profile[]): Promise<Map<string, ProfileSupport>> {
  const names = [
    ...new Set(
      profiles.flatMap((profile) => [
        ...Object.keys(profile.client.sysctls),
        ...Object.keys(profile.server.sysctls),
      ]),
    ),
  ];
  const fresh = names.length > 0 ? await probeFreshNamespace(names) : new Map<string, string | null>();
  const support = new Map<string, ProfileSupport>();
  const refused: string[] = [];
  for (const profile of profiles) {
    const result = checkProfile(profile, (name) => fresh.get(name) ?? null, hostHasSysctl);
    support.set(profile.name, result);
    if (!result.available && profile.ifUnavailable === "refuse")
      refused.push(`${profile.name}: ${result.reasons.join("; ")}`);
  }
  if (refused.length > 0) {
    throw environmentError(
      "SYSCTL_UNAVAILABLE",
      `this kernel cannot run these profiles:\n  ${refused.join("\n  ")}`,
      "remove those kernel parameters from the scenario (portlab doctor lists what this kernel supports)",
    );
  }
  return support;
}

/** Before anything starts: the nginx the server host will run exists (otherwise its failure would read as a config error). */
export function requireNginx(binary: string): void {
  if (findTool(binary)) return;
  const where = binary.includes("/") ? `${binary} is not an executable file` : `no ${binary} on PATH`;
  throw environmentError(
    "NGINX_MISSING",
    `nginx is not installed (${where})`,
    "install it with: portlab doctor --fix",
  );
}
