import { existsSync } from "node:fs";
import { environmentError } from "../errors.js";
import type { Driver } from "../hosts/types.js";
import { checkProfile, type ProfileSupport, profileSysctlNames } from "../profiles/capability.js";
import type { Profile } from "../profiles/types.js";
import { sysctlPath } from "../sandbox/sysctl-path.js";

export type { ProfileSupport };

/** Whether the host namespace has the file at all (read-only look; portlab never writes host sysctls). */
export function hostHasSysctl(name: string): boolean {
  return existsSync(sysctlPath(name));
}

/**
 * Before anything starts: which profiles this kernel can run. A profile marked `refuse` that cannot run stops
 * the scenario here (exit 3); one marked `report` becomes a "not on this kernel" row.
 */
export async function checkKernelSupport(
  profiles: readonly Profile[],
  driver: Driver,
): Promise<Map<string, ProfileSupport>> {
  const names = [...new Set(profiles.flatMap(profileSysctlNames))];
  const fresh = names.length > 0 ? await driver.probeDefaults(names) : new Map<string, string | null>();
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
