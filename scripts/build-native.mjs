// Builds the sampler's sock_diag addon (native/sock_diag.c → dist/native/sock_diag.node) with the C compiler
// alone (`cc`, or $CC): the addon declares the few Node-API functions it uses, so no Node headers are needed.
// Skipped when the addon is newer than its source. Without a compiler it says so and exits 0: the sampler
// then reads /proc/net/tcp (slower at tens of thousands of sockets), and `portlab doctor` names the fix.
import { execFileSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "native", "sock_diag.c");
const output = join(root, "dist", "native", "sock_diag.node");

const modified = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -1;
  }
};

if (process.platform !== "linux") {
  console.error("build-native: sock_diag is Linux only; the sampler reads /proc here");
} else if (modified(output) < modified(source)) {
  mkdirSync(dirname(output), { recursive: true });
  const compiler = process.env.CC || "cc";
  const flags = ["-O2", "-Wall", "-Wextra", "-Werror", "-shared", "-fPIC", "-fvisibility=hidden"];
  try {
    execFileSync(compiler, [...flags, "-o", output, source], { stdio: ["ignore", "inherit", "inherit"] });
  } catch (error) {
    const reason =
      error.code === "ENOENT"
        ? `${compiler} is not installed (apt-get install gcc libc6-dev)`
        : error.message;
    console.error(
      `build-native: the sock_diag addon was not built: ${reason}; the sampler will read /proc/net/tcp`,
    );
  }
}
