import { describe, expect, it } from "vitest";
import {
  getProfile,
  narrowPortRange,
  profileLibrary,
  profileNames,
} from "../../src/kernel/profile-library.js";
import { perNamespaceSysctls, removedSysctls } from "../../src/kernel/sysctl-facts.js";

describe("profile library", () => {
  it("ships every documented profile once", () => {
    expect(profileNames()).toEqual([
      "linux-default",
      "narrow-range",
      "wide-range",
      "tw-reuse",
      "tw-reuse-no-timestamps",
      "tw-reuse-fast",
      "fin-timeout-short",
      "max-tw-buckets-small",
      "tw-recycle",
      "loopback",
      "more-source-ips",
      "more-destinations",
      "nat",
      "nat-no-timestamps",
      "nat-wide-range",
      "nat-azure-lb",
      "nat-aws-gateway",
      "nat-gcp-cloud-nat",
    ]);
    expect(new Set(profileNames()).size).toBe(profileLibrary.length);
  });

  it("keeps explanations to one short line", () => {
    for (const profile of profileLibrary) {
      expect(profile.explanation.length, profile.name).toBeLessThanOrEqual(110);
      expect(profile.explanation, profile.name).not.toMatch(/\n/);
    }
  });

  it("gives every profile about a fix the narrow range, so only the fix differs", () => {
    const wideOrDefault = new Set(["linux-default", "wide-range"]);
    // NAT profiles are about the router's ports: their client hosts keep a fresh namespace's range.
    const fixes = profileLibrary.filter((p) => !wideOrDefault.has(p.name) && p.topology !== "nat");
    for (const profile of fixes) {
      expect(profile.client.sysctls["net.ipv4.ip_local_port_range"], profile.name).toBe(narrowPortRange);
    }
    expect(getProfile("linux-default")?.client.sysctls).toEqual({});
  });

  it("only sets sysctls that are per network namespace or known to be removed", () => {
    const known = new Set<string>([...perNamespaceSysctls, ...removedSysctls.map((r) => r.name)]);
    for (const profile of profileLibrary) {
      for (const name of [...Object.keys(profile.client.sysctls), ...Object.keys(profile.server.sysctls)]) {
        expect(known.has(name), `${profile.name}: ${name}`).toBe(true);
      }
    }
  });

  it("reports rather than refuses the profiles a kernel may lack", () => {
    const reporting = profileLibrary.filter((p) => p.ifUnavailable === "report").map((p) => p.name);
    expect(reporting).toEqual(["tw-reuse-fast", "tw-recycle"]);
  });

  it("describes topology and multipliers in the data", () => {
    expect(getProfile("loopback")?.topology).toBe("loopback");
    expect(getProfile("more-source-ips")?.client.sourceAddresses).toBe(4);
    expect(getProfile("more-destinations")?.server.listenPorts).toBe(4);
    expect(getProfile("tw-reuse-no-timestamps")?.client.sysctls).toMatchObject({
      "net.ipv4.tcp_tw_reuse": "1",
      "net.ipv4.tcp_timestamps": "0",
    });
    expect(getProfile("no-such-profile")).toBeUndefined();
    expect(getProfile("nat")).toMatchObject({
      topology: "nat",
      nat: { clients: 2, portRange: { low: 40000, high: 40009 } },
      router: { sysctls: {} },
    });
    expect(getProfile("nat-wide-range")?.nat?.portRange).toEqual({ low: 1024, high: 65535 });
    expect(getProfile("nat-no-timestamps")?.client.sysctls).toEqual({ "net.ipv4.tcp_timestamps": "0" });
  });
});
