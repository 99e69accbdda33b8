import { describe, expect, it } from "vitest";
import {
  fullSysctlName,
  isSysctlName,
  shortSysctlName,
  sysctlNameJsonPattern,
} from "../../src/kernel/sysctl-name.js";

const names = [
  "tcp_tw_reuse",
  "net.ipv4.tcp_tw_reuse",
  "net.ipv6.conf.all.disable_ipv6",
  "net.core.somaxconn",
  "net.netfilter.nf_conntrack_max",
  "nf_conntrack_tcp_timeout_time_wait",
  "kernel.pid_max",
  "net.ipv4.../../kernel",
  "net.ipv4.Tcp",
  "net/ipv4/tcp_tw_reuse",
  "",
  "net.ipv4.",
];

describe("sysctl names", () => {
  it("expands a short name to net.ipv4 (nf_conntrack_ names to net.netfilter), keeps full network names; refuses the rest", () => {
    expect(names.map(fullSysctlName)).toEqual([
      "net.ipv4.tcp_tw_reuse",
      "net.ipv4.tcp_tw_reuse",
      "net.ipv6.conf.all.disable_ipv6",
      "net.core.somaxconn",
      "net.netfilter.nf_conntrack_max",
      "net.netfilter.nf_conntrack_tcp_timeout_time_wait",
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it("the editor's JSON schema pattern accepts exactly the names portlab accepts", () => {
    const pattern = new RegExp(sysctlNameJsonPattern);
    for (const name of names) expect(pattern.test(name), name).toBe(fullSysctlName(name) !== null);
  });

  it("says net.ipv4 names short, others in full, and a short name expands back", () => {
    expect(shortSysctlName("net.ipv4.tcp_tw_reuse")).toBe("tcp_tw_reuse");
    expect(shortSysctlName("net.core.somaxconn")).toBe("net.core.somaxconn");
    expect(shortSysctlName("net.netfilter.nf_conntrack_max")).toBe("nf_conntrack_max");
    for (const name of names.filter(isSysctlName)) expect(fullSysctlName(shortSysctlName(name))).toBe(name);
  });
});
