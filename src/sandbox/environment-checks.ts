import { readFileSync } from "node:fs";
import { release } from "node:os";
import { hostHasSysctl } from "../engine/preflight.js";
import { REPORTED_SYSCTLS } from "../engine/reported-sysctls.js";
import { dockerChecks } from "../hosts/docker/docker-checks.js";
import { netnsDriver } from "../hosts/netns-driver.js";
import { sysctlUnavailableReason } from "../profiles/capability.js";
import { removedSysctls } from "../profiles/sysctl-facts.js";
import { loadSockDiag } from "../sampler/sock-diag.js";
import { findTool } from "./find-tool.js";
import { runCommand } from "./run-command.js";

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  /** Required checks decide doctor's exit code; optional ones (bench peers) only inform. */
  readonly required: boolean;
  readonly detail: string;
  readonly fix: string | null;
  /** Debian package that provides it, for `doctor --fix`. */
  readonly aptPackage: string | null;
}

/** CAP_NET_ADMIN (bit 12) and CAP_SYS_ADMIN (bit 21, for `ip netns add`) in the effective set. */
function hasNetworkCapabilities(): boolean {
  const match = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync("/proc/self/status", "utf8"));
  const effective = BigInt(`0x${match?.[1] ?? "0"}`);
  return (effective & (1n << 12n)) !== 0n && (effective & (1n << 21n)) !== 0n;
}

function toolCheck(tool: string, aptPackage: string, required: boolean, why: string): Check {
  const path = findTool(tool);
  return {
    name: tool,
    ok: path !== null,
    required,
    detail: path ? `${path} (${why})` : `not found (${why})`,
    fix: path ? null : `apt-get install ${aptPackage}  (or: portlab doctor --fix)`,
    aptPackage,
  };
}

/** Optional: without the addon the sampler reads /proc/net/tcp, a few times slower at tens of thousands of sockets. */
function sockDiagCheck(): Check {
  const loaded = loadSockDiag();
  return {
    name: "sock_diag",
    ok: loaded.sockDiag !== null,
    required: false,
    detail:
      "reason" in loaded
        ? `the sampler reads /proc/net/tcp: ${loaded.reason}`
        : "the sampler lists sockets through netlink (dist/native/sock_diag.node)",
    fix: "reason" in loaded ? "apt-get install gcc libc6-dev, then npm run build" : null,
    aptPackage: null,
  };
}

export async function runEnvironmentChecks(): Promise<Check[]> {
  const capable = hasNetworkCapabilities();
  const checks: Check[] = [
    {
      name: "privileges",
      ok: capable,
      required: true,
      detail: capable ? "CAP_NET_ADMIN and CAP_SYS_ADMIN present" : "missing CAP_NET_ADMIN/CAP_SYS_ADMIN",
      fix: capable ? null : "run portlab with sudo",
      aptPackage: null,
    },
    { name: "kernel", ok: true, required: true, detail: `Linux ${release()}`, fix: null, aptPackage: null },
    toolCheck("ip", "iproute2", true, "network namespaces and veth links"),
    toolCheck("nginx", "nginx-light", true, "the server host"),
    toolCheck("nft", "nftables", false, "the NAT router of topology: nat"),
    toolCheck("tcpdump", "tcpdump", false, "packet capture"),
    toolCheck("wrk", "wrk", false, "bench peer"),
    toolCheck("ab", "apache2-utils", false, "bench peer"),
  ];
  checks.push(sockDiagCheck());
  if (capable && findTool("ip")) checks.push(...(await sysctlChecks()));
  checks.push(...(await dockerChecks()));
  if (findTool("nginx")) {
    const { stderr } = await runCommand("nginx", ["-v"]).catch(() => ({ stderr: "" }));
    const nginx = checks.find((check) => check.name === "nginx");
    if (nginx && stderr)
      checks[checks.indexOf(nginx)] = { ...nginx, detail: `${nginx.detail}, ${stderr.trim()}` };
  }
  return checks;
}

/** Which of the sysctls portlab uses this kernel has, and whether each one is kept per network namespace. */
async function sysctlChecks(): Promise<Check[]> {
  const names = [...REPORTED_SYSCTLS, ...removedSysctls.map((removed) => removed.name)];
  const fresh = await netnsDriver.probeDefaults(names);
  return names.map((name) => {
    const inNamespace = fresh.get(name) ?? null;
    const unavailable = sysctlUnavailableReason(name, (probed) => fresh.get(probed) ?? null, hostHasSysctl);
    const detail =
      unavailable?.slice(name.length + 2) ??
      `per namespace, a new namespace starts at ${JSON.stringify(inNamespace)}`;
    return { name, ok: unavailable === null, required: false, detail, fix: null, aptPackage: null };
  });
}
