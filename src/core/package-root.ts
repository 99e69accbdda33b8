import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The nearest directory at or above `start` that holds a package.json. */
function nearestPackage(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

/**
 * The package's root directory (package.json, scenarios/, docker/, dist/): the same whether this module runs from
 * dist/, from src/ under the test runner, or from the tools' own build.
 */
export const packageRoot: string = nearestPackage(dirname(fileURLToPath(import.meta.url)));

/** A file of the package, by its path from the root: `packagePath("scenarios", "short-vs-pooled.yaml")`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot, ...parts);
}
