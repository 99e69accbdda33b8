import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { TestProject } from "vitest/node";
import { hostIpv4Sysctls } from "./host-state.js";

declare module "vitest" {
  export interface ProvidedContext {
    hostSysctlsBefore: Record<string, string>;
  }
}

/**
 * Before any test: the host's kernel parameters, for the host check that runs after every other test. `npm test`
 * runs several vitest processes (scripts/test.mjs) and names a file in PORTLAB_HOST_SNAPSHOT: the first process
 * writes it, the later ones (the host check's among them) read the values from before the first test.
 */
export default function setup(project: TestProject): void {
  const file = process.env.PORTLAB_HOST_SNAPSHOT;
  if (file === undefined || file === "") {
    project.provide("hostSysctlsBefore", hostIpv4Sysctls());
    return;
  }
  if (!existsSync(file)) writeFileSync(file, JSON.stringify(hostIpv4Sysctls()), { flag: "wx" });
  project.provide("hostSysctlsBefore", JSON.parse(readFileSync(file, "utf8")) as Record<string, string>);
}
