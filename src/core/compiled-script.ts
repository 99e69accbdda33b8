import { packagePath } from "./package-root.js";

/**
 * Path of a compiled entry point (the agent, the namespace reader) that runs as its own process inside a host.
 * The same answer whether this module runs from dist/ or, under the test runner, from src/.
 */
export function compiledScript(relativeToDist: string): string {
  return packagePath("dist", relativeToDist);
}
