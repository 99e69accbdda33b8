import { findTool } from "../../src/sandbox/find-tool.js";

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
