import { describe, expect, it } from "vitest";
import { newRunId } from "../../src/core/run-id.js";
import { planNatSubnet, planSubnet } from "../../src/core/subnet.js";
import { namespaceName, sandboxIdOf, vethName } from "../../src/hosts/netns/names.js";
import { natRuleset } from "../../src/hosts/netns/nat-topology.js";
import { isSysctlName, normaliseSysctlValue, sysctlPath } from "../../src/kernel/sysctl-name.js";
import { checkSubnet } from "../../src/scenario/check-subnet.js";

describe("sandbox names", () => {
  it("carry the prefix and the sandbox id, and fit interface name limits", () => {
    const id = newRunId();
    expect(namespaceName(id, "client")).toBe(`portlab-${id}-c`);
    expect(vethName(id, "server").length).toBeLessThanOrEqual(15);
    for (const name of [namespaceName(id, "server"), vethName(id, "client"), `portlab-${id}`]) {
      expect(sandboxIdOf(name)).toBe(id);
    }
  });

  it("name a NAT sandbox's router, numbered client hosts and links so clean finds them", () => {
    const id = newRunId();
    expect(namespaceName(id, "router")).toBe(`portlab-${id}-r`);
    expect(namespaceName(id, "client", 2)).toBe(`portlab-${id}-c2`);
    const names = [
      namespaceName(id, "router"),
      namespaceName(id, "client", 12),
      vethName(id, "c", 3),
      vethName(id, "b", 3),
      vethName(id, "b"),
      vethName(id, "r"),
    ];
    for (const name of names) expect(sandboxIdOf(name)).toBe(id);
    for (const name of names.slice(2)) expect(name.length).toBeLessThanOrEqual(15);
  });

  it("do not claim names portlab did not make", () => {
    for (const name of [
      "portlab",
      "portlab-xyz-c",
      "docker0",
      "plc123",
      "portlab-0123456789-c",
      "my-portlab-01234567-c",
      "portlab-01234567-x",
      "portlab-01234567-c123",
      "plx01234567",
    ]) {
      expect(sandboxIdOf(name)).toBeNull();
    }
  });
});

describe("planSubnet", () => {
  it("gives the server the first host address and the client the next ones", () => {
    expect(planSubnet("198.18.0.0/24", 3)).toEqual({
      prefixLength: 24,
      server: "198.18.0.1",
      clients: ["198.18.0.2", "198.18.0.3", "198.18.0.4"],
      gateway: "198.18.0.254",
    });
  });

  it("aligns a host address to its network", () => {
    expect(planSubnet("198.18.5.77/29", 1).server).toBe("198.18.5.73");
    expect(planSubnet("198.18.5.77/29", 1).gateway).toBe("198.18.5.78");
  });

  it("refuses malformed subnets and subnets too small", () => {
    expect(() => planSubnet("198.18.0.0", 1)).toThrow(/not an IPv4 CIDR/);
    expect(() => planSubnet("300.1.1.1/24", 1)).toThrow(/not an IPv4 CIDR/);
    expect(() => planSubnet("198.18.0.0/30", 4)).toThrow(/room for 1 client/);
  });
});

describe("checkSubnet", () => {
  it("names what is wrong with a scenario's subnet, from the same parser as the plan", () => {
    expect(checkSubnet("198.18.0.0/24")).toBeNull();
    expect(checkSubnet("198.18.0.0")).toBe('must be an IPv4 subnet such as 198.18.0.0/24, got "198.18.0.0"');
    expect(checkSubnet("300.1.1.1/24")).toBe(
      'must be an IPv4 subnet such as 198.18.0.0/24: "300.1.1.1/24" has an octet over 255',
    );
    expect(checkSubnet("1.2.3.4/99")).toBe("prefix /99 must be between /16 and /29, e.g. 198.18.0.0/24");
    expect(checkSubnet("198.18.5.77/29")).toBe("198.18.5.77/29 has host bits set; use 198.18.5.72/29");
  });
});

describe("planNatSubnet", () => {
  it("puts the clients and the router's inside address in the lower half, router and server in the upper", () => {
    expect(planNatSubnet("198.18.0.0/24", 2)).toEqual({
      prefixLength: 25,
      routerInside: "198.18.0.1",
      clients: ["198.18.0.2", "198.18.0.3"],
      routerOutside: "198.18.0.129",
      server: "198.18.0.130",
    });
  });

  it("refuses a subnet whose halves cannot hold the hosts", () => {
    expect(() => planNatSubnet("198.18.0.0/29", 2)).toThrow(/too small for a NAT router and 2 client hosts/);
    expect(() => planNatSubnet("198.18.0.0/30", 1)).toThrow(/too small/);
  });
});

describe("the router's NAT rules", () => {
  it("masquerade TCP leaving toward the server to the profile's port range", () => {
    expect(natRuleset("plr01234567", { low: 40000, high: 40009 })).toContain(
      'oifname "plr01234567" meta l4proto tcp masquerade to :40000-40009',
    );
    expect(natRuleset("plr01234567", null)).toMatch(/masquerade\n/);
    // A per-node allocation: one rule and one block of ports per client address.
    const perClient = natRuleset("plr01234567", { low: 1024, high: 1087 }, [
      { address: "10.0.0.2", ports: { low: 1024, high: 1087 } },
      { address: "10.0.0.3", ports: { low: 1088, high: 1151 } },
    ]);
    expect(perClient).toContain(
      'oifname "plr01234567" meta l4proto tcp ip saddr 10.0.0.2 masquerade to :1024-1087',
    );
    expect(perClient).toContain(
      'oifname "plr01234567" meta l4proto tcp ip saddr 10.0.0.3 masquerade to :1088-1151',
    );
    expect(perClient.match(/masquerade/g)).toHaveLength(2);
  });
});

describe("sysctl paths", () => {
  it("map dotted names under /proc/sys/net only", () => {
    expect(sysctlPath("net.ipv4.tcp_tw_reuse")).toBe("/proc/sys/net/ipv4/tcp_tw_reuse");
    expect(sysctlPath("net.netfilter.nf_conntrack_tcp_timeout_time_wait")).toBe(
      "/proc/sys/net/netfilter/nf_conntrack_tcp_timeout_time_wait",
    );
    for (const bad of [
      "kernel.panic",
      "net.ipv4.../../x",
      "net.ipv4.tcp_tw_reuse;id",
      "net/ipv4/x",
      "net.ipv4.$(x)",
    ]) {
      expect(isSysctlName(bad)).toBe(false);
      expect(() => sysctlPath(bad)).toThrow();
    }
  });

  it("normalise the kernel's tab-separated values", () => {
    expect(normaliseSysctlValue("40000\t40999\n")).toBe("40000 40999");
  });
});
