import { describe, expect, it } from "vitest";
import type { Profile } from "../../src/core/profile.js";
import { checkProfile, profileSysctlNames, sysctlUnavailableReason } from "../../src/kernel/capability.js";
import { getProfile } from "../../src/kernel/profile-library.js";

function profile(name: string): Profile {
  const found = getProfile(name);
  if (!found) throw new Error(`no profile ${name}`);
  return found;
}

/** What a fresh namespace on Linux 6.18 shows (read with `ip netns exec NS cat /proc/sys/...`). */
const linux618: Record<string, string> = {
  "net.ipv4.ip_local_port_range": "32768\t60999",
  "net.ipv4.tcp_tw_reuse": "2",
  "net.ipv4.tcp_tw_reuse_delay": "1000",
  "net.ipv4.tcp_timestamps": "1",
  "net.ipv4.tcp_fin_timeout": "60",
  "net.ipv4.tcp_max_tw_buckets": "131072",
};
const probe618 = (name: string) => linux618[name] ?? null;
const linux610 = { ...linux618 } as Record<string, string>;
delete linux610["net.ipv4.tcp_tw_reuse_delay"];
const probe610 = (name: string) => linux610[name] ?? null;

describe("checkProfile", () => {
  it("accepts profiles whose sysctls a fresh namespace has", () => {
    for (const name of [
      "linux-default",
      "narrow-range",
      "tw-reuse",
      "tw-reuse-fast",
      "max-tw-buckets-small",
    ]) {
      expect(checkProfile(profile(name), probe618), name).toEqual({ available: true });
    }
  });

  it("explains that tcp_tw_recycle was removed", () => {
    expect(checkProfile(profile("tw-recycle"), probe618)).toEqual({
      available: false,
      reasons: ["net.ipv4.tcp_tw_recycle: not on this kernel (removed in 4.12)"],
    });
  });

  it("explains that tcp_tw_reuse_delay needs 6.14", () => {
    expect(checkProfile(profile("tw-reuse-fast"), probe610)).toEqual({
      available: false,
      reasons: ["net.ipv4.tcp_tw_reuse_delay: not on this kernel (needs Linux 6.14+)"],
    });
  });

  it("tells a host-only sysctl from a missing one", () => {
    const hostOnly: Profile = {
      ...profile("linux-default"),
      server: { sysctls: { "net.core.rmem_max": "1000000" }, listenPorts: 1 },
    };
    expect(checkProfile(hostOnly, probe618, (name) => name === "net.core.rmem_max")).toEqual({
      available: false,
      reasons: ["net.core.rmem_max: not per network namespace on this kernel"],
    });
    expect(checkProfile(hostOnly, probe618, () => false)).toEqual({
      available: false,
      reasons: ["net.core.rmem_max: not on this kernel"],
    });
  });

  it("lists client and server sysctls once each", () => {
    const both: Profile = {
      ...profile("tw-reuse"),
      server: { sysctls: { "net.ipv4.tcp_timestamps": "0", "net.ipv4.tcp_tw_reuse": "1" }, listenPorts: 1 },
    };
    expect(profileSysctlNames(both)).toEqual([
      "net.ipv4.ip_local_port_range",
      "net.ipv4.tcp_tw_reuse",
      "net.ipv4.tcp_timestamps",
    ]);
    expect(sysctlUnavailableReason("net.ipv4.tcp_timestamps", probe618)).toBeNull();
  });
});
