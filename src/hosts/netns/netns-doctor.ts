import { readFileSync } from "node:fs";
import type { Check } from "../../core/check.js";
import { findTool } from "../../core/find-tool.js";
import { inContainer, SOCKET_MOUNT } from "../../core/in-container.js";
import { hostHasSysctl, sysctlUnavailableReason } from "../../kernel/capability.js";
import { REPORTED_SYSCTLS } from "../../kernel/reported-sysctls.js";
import { removedSysctls } from "../../kernel/sysctl-facts.js";
import { type ToolProbe, toolCheck } from "../tool-check.js";

/** CAP_NET_ADMIN (bit 12) and CAP_SYS_ADMIN (bit 21, for `ip netns add`) in the effective set. */
function hasNetworkCapabilities(): boolean {
  const match = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync("/proc/self/status", "utf8"));
  const effective = BigInt(`0x${match?.[1] ?? "0"}`);
  return (effective & (1n << 12n)) !== 0n && (effective & (1n << 21n)) !== 0n;
}

/**
 * What the netns driver runs: ip for the hosts, nginx in the server host, nft for a NAT router, tcpdump for
 * captures, setpriv to run your own programs without root.
 */
const TOOLS: readonly ToolProbe[] = [
  {
    tool: "ip",
    aptPackage: "iproute2",
    required: true,
    why: "network namespaces and veth links",
    versionArgs: ["-V"],
    version: /iproute2-[\w.]+/,
  },
  {
    tool: "nginx",
    aptPackage: "nginx-light",
    required: true,
    why: "the server host",
    versionArgs: ["-v"],
    version: /nginx\/[\d.]+/,
  },
  {
    tool: "nft",
    aptPackage: "nftables",
    required: false,
    why: "the NAT router of topology: nat",
    versionArgs: ["--version"],
    version: /nftables v[\d.]+/,
  },
  {
    tool: "tcpdump",
    aptPackage: "tcpdump",
    required: false,
    why: "packet capture",
    versionArgs: ["--version"],
    version: /tcpdump version [\d.]+/,
  },
  {
    tool: "setpriv",
    aptPackage: "util-linux",
    required: false,
    why: "your own client or server command, run without root",
    versionArgs: ["--version"],
    version: /setpriv from util-linux [\d.]+/,
  },
];

/**
 * The netns driver's needs, for `portlab doctor`: root's capabilities, its tools, and which of the kernel
 * parameters portlab uses this kernel keeps per network namespace (read in a fresh namespace: `probe`).
 */
export async function netnsChecks(
  probe: (names: readonly string[]) => Promise<Map<string, string | null>>,
): Promise<Check[]> {
  const capable = hasNetworkCapabilities();
  // In a container without the capabilities, the docker driver through the engine's socket needs none of them.
  const container = inContainer();
  const checks: Check[] = [
    {
      name: "privileges",
      ok: capable,
      required: !container,
      detail: capable ? "CAP_NET_ADMIN and CAP_SYS_ADMIN present" : "missing CAP_NET_ADMIN/CAP_SYS_ADMIN",
      fix: capable
        ? null
        : container
          ? `for the netns driver: docker run --cap-add NET_ADMIN --cap-add SYS_ADMIN; for --driver docker: ${SOCKET_MOUNT}`
          : "run portlab with sudo",
      aptPackage: null,
    },
    ...(await Promise.all(TOOLS.map(toolCheck))),
  ];
  if (capable && findTool("ip")) checks.push(...(await sysctlChecks(probe)));
  return checks;
}

/** Which of the sysctls portlab uses this kernel has, and whether each one is kept per network namespace. */
async function sysctlChecks(
  probe: (names: readonly string[]) => Promise<Map<string, string | null>>,
): Promise<Check[]> {
  const names = [...REPORTED_SYSCTLS, ...removedSysctls.map((removed) => removed.name)];
  const fresh = await probe(names);
  return names.map((name) => {
    const inNamespace = fresh.get(name) ?? null;
    const unavailable = sysctlUnavailableReason(name, (probed) => fresh.get(probed) ?? null, hostHasSysctl);
    const detail =
      unavailable?.slice(name.length + 2) ??
      `per namespace, a new namespace starts at ${JSON.stringify(inNamespace)}`;
    return { name, ok: unavailable === null, required: false, detail, fix: null, aptPackage: null };
  });
}
