import { execFileSync } from "node:child_process";
import { findTool } from "../../src/core/find-tool.js";

/**
 * Privileged tests need root, iproute2 and nginx. Outside CI they skip with a visible reason;
 * under CI=true a missing prerequisite fails the run instead of hiding it.
 */
export function missingPrerequisite(): string | null {
  if (process.getuid?.() !== 0) return "not root (run as root or under sudo)";
  for (const tool of ["ip", "nginx"]) {
    if (!findTool(tool)) return `${tool} is not installed (portlab doctor --fix)`;
  }
  return null;
}

/** Returns true when privileged tests should run; throws under CI when they cannot. */
export function privilegedTestsEnabled(): boolean {
  const missing = missingPrerequisite();
  if (missing === null) return true;
  if (process.env.CI === "true") throw new Error(`privileged tests cannot run under CI: ${missing}`);
  console.warn(`skipping privileged tests: ${missing}`);
  return false;
}

/** Why no Docker engine can be used (docker CLI missing, or no engine answers), or null when one answers. */
export function missingDocker(): string | null {
  if (!findTool("docker")) return "the docker CLI is not installed (apt-get install docker.io)";
  try {
    execFileSync("docker", ["info", "--format", "{{.ServerVersion}}"], { stdio: "pipe", timeout: 15_000 });
    return null;
  } catch {
    return "no Docker engine answers `docker info` (start dockerd; see .ci/docker-engine.sh)";
  }
}

/** Docker tests need the privileged prerequisites and an engine: skipped with a reason, or thrown under CI. */
export function dockerTestsEnabled(): boolean {
  if (!privilegedTestsEnabled()) return false;
  const missing = missingDocker();
  if (missing === null) return true;
  if (process.env.CI === "true") throw new Error(`Docker tests cannot run under CI: ${missing}`);
  console.warn(`skipping Docker tests: ${missing}`);
  return false;
}

/** Privileged tests that also need these tools (nft for a NAT router, tcpdump for captures): same skip/fail rule. */
export function privilegedTestsWith(tools: readonly string[]): boolean {
  if (!privilegedTestsEnabled()) return false;
  const missing = tools.filter((tool) => !findTool(tool));
  if (missing.length === 0) return true;
  const reason = `${missing.join(", ")} not installed (apt-get install ${missing.map((tool) => (tool === "nft" ? "nftables" : tool)).join(" ")})`;
  if (process.env.CI === "true") throw new Error(`privileged tests cannot run under CI: ${reason}`);
  console.warn(`skipping privileged tests: ${reason}`);
  return false;
}
