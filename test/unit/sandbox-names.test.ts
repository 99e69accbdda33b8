import { describe, expect, it } from "vitest";
import { namespaceName, newSandboxId, sandboxIdOf, vethName } from "../../src/sandbox/names.js";
import { planSubnet } from "../../src/sandbox/subnet.js";
import { isSysctlName, normaliseSysctlValue, sysctlPath } from "../../src/sandbox/sysctl-path.js";

describe("sandbox names", () => {
  it("carry the prefix and the sandbox id, and fit interface name limits", () => {
    const id = newSandboxId();
    expect(namespaceName(id, "client")).toBe(`portlab-${id}-c`);
    expect(vethName(id, "server").length).toBeLessThanOrEqual(15);
    for (const name of [namespaceName(id, "server"), vethName(id, "client"), `portlab-${id}`]) {
      expect(sandboxIdOf(name)).toBe(id);
    }
  });

  it("do not claim names portlab did not make", () => {
    for (const name of [
      "portlab",
      "portlab-xyz-c",
      "docker0",
      "plc123",
      "portlab-0123456789-c",
      "my-portlab-01234567-c",
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
    });
  });

  it("aligns a host address to its network", () => {
    expect(planSubnet("198.18.5.77/29", 1).server).toBe("198.18.5.73");
  });

  it("refuses malformed subnets and subnets too small", () => {
    expect(() => planSubnet("198.18.0.0", 1)).toThrow(/not an IPv4 CIDR/);
    expect(() => planSubnet("300.1.1.1/24", 1)).toThrow(/not an IPv4 CIDR/);
    expect(() => planSubnet("198.18.0.0/30", 4)).toThrow(/room for 1 client/);
  });
});

describe("sysctl paths", () => {
  it("map dotted names under /proc/sys/net only", () => {
    expect(sysctlPath("net.ipv4.tcp_tw_reuse")).toBe("/proc/sys/net/ipv4/tcp_tw_reuse");
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
