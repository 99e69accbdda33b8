import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * Path of a compiled entry point (worker, sysctl agent) that runs as its own process inside a sandbox host.
 * The same answer whether this module runs from dist/ or, under the test runner, from src/.
 */
export function compiledScript(relativeToDist: string): string {
  return join(packageRoot, "dist", relativeToDist);
}
