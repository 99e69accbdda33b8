import { existsSync } from "node:fs";
import type { Profile } from "../core/profile.js";
import { recentSysctl, removedSysctl } from "./sysctl-facts.js";
import { sysctlPath } from "./sysctl-name.js";

/** Reads a sysctl by dotted name; null when its /proc/sys file does not exist. */
export type SysctlProbe = (name: string) => string | null;

export type ProfileSupport =
  | { readonly available: true }
  | { readonly available: false; readonly reasons: string[] };

/**
 * Whether the host's (initial) namespace has the sysctl file, looked at read-only. With it, a
 * sysctl the host has but a fresh namespace lacks is reported as not per network namespace.
 */
export type HostHasSysctl = (name: string) => boolean;

/** Every sysctl a profile sets, client side first (then server, then a NAT router), without duplicates. */
export function profileSysctlNames(profile: Profile): string[] {
  return [
    ...new Set([
      ...Object.keys(profile.client.sysctls),
      ...Object.keys(profile.server.sysctls),
      ...Object.keys(profile.router?.sysctls ?? {}),
    ]),
  ];
}

/** Why one sysctl cannot be set in a fresh namespace, or null when it can. */
export function sysctlUnavailableReason(
  name: string,
  probe: SysctlProbe,
  hostHas?: HostHasSysctl,
): string | null {
  if (probe(name) !== null) return null;
  const removed = removedSysctl(name);
  if (removed) return `${name}: not on this kernel (removed in ${removed.removedIn})`;
  if (hostHas?.(name)) return `${name}: not per network namespace on this kernel`;
  const recent = recentSysctl(name);
  if (recent) return `${name}: not on this kernel (needs Linux ${recent.since}+)`;
  return `${name}: not on this kernel`;
}

/**
 * Decides whether a profile can run here. `probe` must read inside a FRESH network namespace:
 * that is where the profile's sysctls will be written, and it starts from compiled defaults.
 */
export function checkProfile(profile: Profile, probe: SysctlProbe, hostHas?: HostHasSysctl): ProfileSupport {
  const reasons = profileSysctlNames(profile)
    .map((name) => sysctlUnavailableReason(name, probe, hostHas))
    .filter((reason): reason is string => reason !== null);
  return reasons.length === 0 ? { available: true } : { available: false, reasons };
}

/** Whether the host namespace has the file at all (read-only look; portlab never writes host sysctls). */
export function hostHasSysctl(name: string): boolean {
  return existsSync(sysctlPath(name));
}
