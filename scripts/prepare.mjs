// npm's `prepare`: builds dist/ when portlab is installed from a git URL (npm installs the dev dependencies,
// then runs this), since git holds no dist/. Skipped where there is nothing to build from (no src/: the
// Dockerfile's `npm ci` steps) or already a build (a tarball from `npm pack`, a checkout built before).
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
if (existsSync(join(root, "src")) && !existsSync(join(root, "dist", "cli", "main.js"))) {
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
}
