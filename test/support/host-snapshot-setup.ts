import type { TestProject } from "vitest/node";
import { hostIpv4Sysctls } from "./host-state.js";

declare module "vitest" {
  export interface ProvidedContext {
    hostSysctlsBefore: Record<string, string>;
  }
}

/** Before any test: the host's kernel parameters, for the host check that runs after every other test. */
export default function setup(project: TestProject): void {
  project.provide("hostSysctlsBefore", hostIpv4Sysctls());
}
