import { environmentError } from "../core/errors.js";
import type { Profile } from "../core/profile.js";
import type { Driver } from "../hosts/driver.js";
import {
  checkProfile,
  hostHasSysctl,
  type ProfileSupport,
  profileSysctlNames,
} from "../kernel/capability.js";

export type { ProfileSupport };

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
