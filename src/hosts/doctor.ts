import { readFileSync } from "node:fs";
import { release } from "node:os";
import type { Check } from "../core/check.js";
import { runCommand } from "../core/exec-file.js";
import { findTool } from "../core/find-tool.js";
import { hostHasSysctl, sysctlUnavailableReason } from "../kernel/capability.js";
import { REPORTED_SYSCTLS } from "../kernel/reported-sysctls.js";
import { removedSysctls } from "../kernel/sysctl-facts.js";
import { loadSockDiag } from "../sampler/sock-diag.js";
import { dockerChecks } from "./docker/docker-doctor.js";
import { netnsDriver } from "./netns/netns-driver.js";

/** CAP_NET_ADMIN (bit 12) and CAP_SYS_ADMIN (bit 21, for `ip netns add`) in the effective set. */
function hasNetworkCapabilities(): boolean {
  const match = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync("/proc/self/status", "utf8"));
  const effective = BigInt(`0x${match?.[1] ?? "0"}`);
  return (effective & (1n << 12n)) !== 0n && (effective & (1n << 21n)) !== 0n;
}

/** How to tell that a tool on PATH is the one portlab runs and that it works: its version line. */
interface ToolProbe {
  readonly tool: string;
  readonly aptPackage: string;
  readonly required: boolean;
  readonly why: string;
  readonly versionArgs: readonly string[];
  /** Its version output (stdout or stderr: nginx and wrk print there, wrk exits 1). */
  readonly version: RegExp;
}

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
    tool: "wrk",
    aptPackage: "wrk",
    required: false,
    why: "bench peer",
    versionArgs: ["-v"],
    version: /wrk \S+/,
  },
  {
    tool: "ab",
    aptPackage: "apache2-utils",
    required: false,
    why: "bench peer",
    versionArgs: ["-V"],
    version: /ApacheBench, Version [\d.]+/,
  },
];

/**
 * Present means found and answering with its own version line: a program of that name that does not (another
 * tool, a broken install) is reported as such, and `--fix` reinstalls its package.
 */
async function toolCheck(probe: ToolProbe): Promise<Check> {
  const { tool, aptPackage, required, why } = probe;
  const path = findTool(tool);
  const base = { name: tool, required, aptPackage };
  if (path === null)
    return {
      ...base,
      ok: false,
      detail: `not found (${why})`,
      fix: `apt-get install ${aptPackage}  (or: portlab doctor --fix)`,
    };
  const output = await runCommand(path, probe.versionArgs, 5_000).then(
    (result) => `${result.stdout}${result.stderr}`,
    (error: unknown) =>
      `${(error as { stderr?: string }).stderr ?? ""}${error instanceof Error ? error.message : ""}`,
  );
  const version = probe.version.exec(output)?.[0];
  if (version === undefined)
    return {
      ...base,
      ok: false,
      detail: `${path} does not answer like ${tool} (${output.trim().split("\n")[0]?.slice(0, 80) || "no output"}) (${why})`,
      fix: `apt-get install --reinstall ${aptPackage}  (or: portlab doctor --fix)`,
      reinstall: true,
    };
  return { ...base, ok: true, detail: `${path}, ${version} (${why})`, fix: null };
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
    ...(await Promise.all(TOOLS.map(toolCheck))),
  ];
  checks.push(sockDiagCheck());
  if (capable && findTool("ip")) checks.push(...(await sysctlChecks()));
  checks.push(...(await dockerChecks()));
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
