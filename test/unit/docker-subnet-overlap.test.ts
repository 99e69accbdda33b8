import { describe, expect, it } from "vitest";
import { ExitCode } from "../../src/core/errors.js";
import {
  addressesFromIpJson,
  type MachinePrefix,
  routesFromIpJson,
} from "../../src/hosts/docker/machine-prefixes.js";
import { freeSubnet, overlappingPrefixes, subnetClash } from "../../src/hosts/docker/subnet-overlap.js";

// What `ip -j -4 route show table all` and `ip -j -4 addr show` print on a machine with Docker and a VPN.
const routesJson = JSON.stringify([
  { dst: "default", gateway: "192.0.2.1", dev: "eth0", flags: [] },
  { dst: "172.17.0.0/16", dev: "docker0", protocol: "kernel", scope: "link", flags: ["linkdown"] },
  { dst: "192.0.2.0/24", dev: "eth0", protocol: "kernel", scope: "link", flags: [] },
  { dst: "10.8.0.0/16", gateway: "10.9.0.1", dev: "tun0", table: "220", flags: [] },
  { type: "unreachable", dst: "10.66.0.0/16", flags: [] },
  { dst: "198.18.7.9", dev: "wg0", flags: [] },
  { type: "local", dst: "192.0.2.2", dev: "eth0", table: "local", protocol: "kernel", flags: [] },
  { type: "broadcast", dst: "192.0.2.255", dev: "eth0", table: "local", protocol: "kernel", flags: [] },
  { type: "local", dst: "10.77.0.0/16", dev: "lo", table: "main", protocol: "boot", flags: [] },
]);
const addressesJson = JSON.stringify([
  {
    ifname: "lo",
    addr_info: [{ family: "inet", local: "127.0.0.1", prefixlen: 8, scope: "host", label: "lo" }],
  },
  { ifname: "eth0", addr_info: [{ family: "inet", local: "192.0.2.2", prefixlen: 24 }] },
  { ifname: "ifb0", addr_info: [] },
  { ifname: "wg0", addr_info: [{ family: "inet", local: "100.64.3.4", prefixlen: 32 }] },
]);
const machine: MachinePrefix[] = [...routesFromIpJson(routesJson), ...addressesFromIpJson(addressesJson)];

describe("the machine's routes and addresses, from ip's JSON", () => {
  it("keeps every table's routes, leaves out the default and the kernel's local-table routes", () => {
    expect(routesFromIpJson(routesJson)).toEqual([
      { kind: "route", cidr: "172.17.0.0/16", device: "docker0", table: null },
      { kind: "route", cidr: "192.0.2.0/24", device: "eth0", table: null },
      { kind: "route", cidr: "10.8.0.0/16", device: "tun0", table: "220" },
      { kind: "route", cidr: "10.66.0.0/16", device: "unreachable", table: null },
      { kind: "route", cidr: "198.18.7.9/32", device: "wg0", table: null },
      { kind: "route", cidr: "10.77.0.0/16", device: "lo", table: null },
    ]);
  });

  it("reads each IPv4 address with its prefix and device", () => {
    expect(addressesFromIpJson(addressesJson).map((prefix) => `${prefix.cidr} ${prefix.device}`)).toEqual([
      "127.0.0.1/8 lo",
      "192.0.2.2/24 eth0",
      "100.64.3.4/32 wg0",
    ]);
  });

  it("reads nothing from an empty or unexpected answer", () => {
    expect(routesFromIpJson("")).toEqual([]);
    expect(routesFromIpJson('{"not":"a list"}')).toEqual([]);
    expect(addressesFromIpJson("[{}]")).toEqual([]);
  });
});

describe("a subnet overlapping the machine's routes or addresses", () => {
  const cidrs = (subnet: string) => overlappingPrefixes(subnet, machine).map((prefix) => prefix.cidr);

  it("is found however the two nest: equal, inside, around, or one address", () => {
    expect(cidrs("192.0.2.0/24")).toEqual(["192.0.2.0/24", "192.0.2.2/24"]);
    expect(cidrs("192.0.2.128/25")).toEqual(["192.0.2.0/24", "192.0.2.2/24"]);
    expect(cidrs("10.8.4.0/24")).toEqual(["10.8.0.0/16"]);
    expect(cidrs("10.0.0.0/12")).toEqual(["10.8.0.0/16"]);
    expect(cidrs("198.18.7.0/24")).toEqual(["198.18.7.9/32"]);
    expect(cidrs("100.64.3.0/29")).toEqual(["100.64.3.4/32"]);
    expect(cidrs("10.66.255.0/24")).toEqual(["10.66.0.0/16"]);
  });

  it("is not found next door, nor under the default route", () => {
    expect(cidrs("198.18.0.0/24")).toEqual([]);
    expect(cidrs("192.0.3.0/24")).toEqual([]);
    expect(cidrs("10.9.0.0/16")).toEqual([]);
    expect(cidrs("172.16.0.0/16")).toEqual([]);
  });

  it("is exit 3 naming the subnet, each overlap and its device, and a free subnet of the same size", () => {
    expect(subnetClash("198.18.0.0/24", machine)).toBeNull();
    const error = subnetClash("192.0.2.0/24", machine);
    expect(error?.code).toBe("DOCKER_SUBNET");
    expect(error?.exitCode).toBe(ExitCode.environment);
    expect(error?.message).toContain(
      "sandbox.subnet 192.0.2.0/24 overlaps this machine's route 192.0.2.0/24 dev eth0, address 192.0.2.2/24 on eth0",
    );
    expect(error?.hint).toContain("choose another sandbox.subnet");
    expect(error?.hint).toContain("e.g. 198.18.0.0/24");
    expect(error?.hint).toContain("or remove the route");
    expect(subnetClash("10.8.1.0/24", machine)?.message).toContain("route 10.8.0.0/16 dev tun0 (table 220)");
  });

  it("suggests the first free subnet of that size, past the taken ones", () => {
    const taken = (...cidrs: string[]): MachinePrefix[] =>
      cidrs.map((cidr) => ({ kind: "route", cidr, device: "x", table: null }));
    expect(freeSubnet(24, taken("198.18.0.0/24", "198.18.1.0/24"))).toBe("198.18.2.0/24");
    expect(freeSubnet(16, taken("198.18.0.0/15"))).toBe("10.0.0.0/16");
    expect(freeSubnet(24, taken("198.18.0.0/15", "10.0.0.0/9"))).toBe("10.128.0.0/24");
    expect(freeSubnet(24, taken("198.18.0.0/15", "10.0.0.0/8"))).toBeNull();
  });
});
