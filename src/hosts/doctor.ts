import { release } from "node:os";
import type { Check } from "../core/check.js";
import { loadSockDiag } from "../sampler/sock-diag.js";
import { drivers } from "./registry.js";
import { type ToolProbe, toolCheck } from "./tool-check.js";

/** Optional tools of the benchmark (`npm run bench` measures portlab against them). */
const BENCH_PEERS: readonly ToolProbe[] = [
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

/** `portlab doctor`: the kernel, the sampler's addon, the bench peers, then each driver's own checks. */
export async function runEnvironmentChecks(): Promise<Check[]> {
  const checks: Check[] = [
    { name: "kernel", ok: true, required: true, detail: `Linux ${release()}`, fix: null, aptPackage: null },
    sockDiagCheck(),
    ...(await Promise.all(BENCH_PEERS.map(toolCheck))),
  ];
  for (const driver of drivers) checks.push(...(await driver.doctor()));
  return checks;
}
